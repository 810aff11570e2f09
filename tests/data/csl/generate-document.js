#!/usr/bin/env node
// citeproc-js's output for one document per bundled style, for tests/test_csl_items.py: every item of
// ITEMS.json cited once with a page locator (notes 1..n), then again without (n+1..2n), in one citeproc-js
// engine (so disambiguation, ibid and subsequent forms act across the items), and the bibliography of all
// the items, rendered after the citations as a document's is.
//
//   cd "$(mktemp -d)" && npm install citeproc@2.4.63 && \
//     NODE_PATH=$PWD/node_modules node /path/to/tests/data/csl/generate-document.js items-more.json \
//       citeproc-js-items-more-document.json
//
// Several ITEMS files make one document of all their items, in order (the last argument is the output):
//   ... generate-document.js items-more.json items-disambiguation.json \
//       citeproc-js-items-disambiguation-document.json
//
// Styles: src/pactcli/csl/styles/*.csl; locales: ../shared/csl/locales (or $CSL_LOCALES). HTML.

"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const ROOT = path.resolve(__dirname, "..", "..", "..");
const STYLES = path.join(ROOT, "src", "pactcli", "csl", "styles");
const LOCALES = process.env.CSL_LOCALES || path.join(ROOT, "..", "shared", "csl", "locales");

function main() {
  const files = process.argv.slice(2, -1);
  const items = files
    .flatMap((file) => JSON.parse(fs.readFileSync(file, "utf8")))
    .map((it) => ({ ...it, id: String(it.id) }));
  const byId = new Map(items.map((it) => [it.id, it]));
  const ids = items.map((it) => it.id);
  const out = { generator: { engine: "citeproc-js", npm_package: `citeproc@${require("citeproc/package.json").version}`, locator: "12", label: "page" }, styles: {} };
  for (const file of fs.readdirSync(STYLES).filter((f) => f.endsWith(".csl")).sort()) {
    const xml = fs.readFileSync(path.join(STYLES, file), "utf8");
    const sys = {
      retrieveLocale: (lang) => {
        const f = path.join(LOCALES, `locales-${lang}.xml`);
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : false;
      },
      retrieveItem: (id) => JSON.parse(JSON.stringify(byId.get(String(id)))),
    };
    const engine = new CSL.Engine(sys, xml);
    engine.setOutputFormat("html");
    const citations = [...ids, ...ids].map((id, i) => ({
      citationID: `c${i + 1}`,
      citationItems: [i < ids.length ? { id, locator: "12", label: "page" } : { id }],
      properties: { noteIndex: i + 1 },
    }));
    const notes = engine.rebuildProcessorState(citations, "html", []).map((t) => t[2]);
    let bibliography = null;
    if (xml.includes("<bibliography")) {
      engine.updateItems(ids);
      const made = engine.makeBibliography();
      bibliography = made ? made[1].map((entry) => entry.trim()) : null;
    }
    out.styles[file.replace(/\.csl$/, "")] = { notes, bibliography };
    console.log(`${file}: ${notes.length} notes`);
  }
  fs.writeFileSync(path.resolve(process.argv[process.argv.length - 1]), JSON.stringify(out) + "\n", "utf8");
}

main();
