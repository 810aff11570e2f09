#!/usr/bin/env node
// citeproc-js's output for one document per (style, locale) for tests/test_csl_locales_all.py: the items
// of items-locales.json (ids taken from items-more.json and items-third.json, chosen for localized terms,
// ordinals, dates with ranges, seasons, circa and BC years, editors and translators, et-al) cited in a
// fixed sequence of notes -- each item first with a locator of a rotating label, then, for every third
// item, a subsequent cite, an ibid with another locator and an ibid with the same -- then one cluster of
// three items, and the bibliography of all the items. Every official locale is forced on each style
// (CSL.Engine's lang and forceLang arguments, as pactcli's Processor(locale=...) does).
//
//   cd "$(mktemp -d)" && npm install citeproc@2.4.63 && \
//     NODE_PATH=$PWD/node_modules node /path/to/tests/data/csl/generate-locales-all.js [STYLE...]
//
// With style names, only those styles are rendered again (the others are kept from the file).
//
// Styles: src/pactcli/csl/styles; locales: ../shared/csl/locales (or $CSL_LOCALES). Plain text. Output:
// citeproc-js-locales-all.json.gz (gzip: the 62 locales repeat most of each other's text).

"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const CSL = require("citeproc");

const HERE = __dirname;
const ROOT = path.resolve(HERE, "..", "..", "..");
const STYLES = path.join(ROOT, "src", "pactcli", "csl", "styles");
const LOCALES = process.env.CSL_LOCALES || path.join(ROOT, "..", "shared", "csl", "locales");
const SPEC = JSON.parse(fs.readFileSync(path.join(HERE, "locales-all.json"), "utf8"));

function pick() {
  const all = new Map();
  for (const file of ["items-more.json", "items-third.json"]) {
    for (const item of JSON.parse(fs.readFileSync(path.join(HERE, file), "utf8"))) all.set(item.id, item);
  }
  return SPEC.items.map((id) => all.get(id));
}

// The notes: see the header. The sequence is in locales-all.json's "labels"; the Python test builds the
// same clusters from the same file.
function clusters(ids) {
  const out = [];
  const labels = SPEC.labels;
  ids.forEach((id, n) => {
    const label = labels[n % labels.length];
    out.push([{ id, locator: n % 2 ? "12-15" : "3", label }]);
  });
  ids.forEach((id, n) => {
    if (n % 3) return;
    out.push([{ id }]);
    out.push([{ id, locator: "15", label: labels[(n + 1) % labels.length] }]);
    out.push([{ id, locator: "15", label: labels[(n + 1) % labels.length] }]);
  });
  out.push([{ id: ids[0], locator: "4" }, { id: ids[1], locator: "5", label: "chapter" }, { id: ids[2] }]);
  return out;
}

function main() {
  const items = pick();
  const byId = new Map(items.map((it) => [it.id, it]));
  const ids = items.map((it) => it.id);
  const codes = fs.readdirSync(LOCALES)
    .filter((f) => /^locales-.*\.xml$/.test(f))
    .map((f) => f.slice(8, -4))
    .sort();
  const file = path.join(HERE, "citeproc-js-locales-all.json.gz");
  // Style names as arguments: only those are rendered again, the others kept from the file.
  const only = process.argv.slice(2);
  const out = only.length && fs.existsSync(file)
    ? JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8"))
    : { generator: { engine: "citeproc-js", npm_package: `citeproc@${require("citeproc/package.json").version}` }, styles: {} };
  for (const name of Object.keys(out.styles)) if (!SPEC.styles.includes(name)) delete out.styles[name];
  for (const name of SPEC.styles) {
    if (only.length && !only.includes(name)) continue;
    const xml = fs.readFileSync(path.join(STYLES, `${name}.csl`), "utf8");
    out.styles[name] = {};
    for (const code of codes) {
      const sys = {
        retrieveLocale: (lang) => {
          const f = path.join(LOCALES, `locales-${lang}.xml`);
          return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : false;
        },
        retrieveItem: (id) => JSON.parse(JSON.stringify(byId.get(String(id)))),
      };
      try {
        const engine = new CSL.Engine(sys, xml, code, true);
        engine.setOutputFormat("text");
        const citations = clusters(ids).map((cites, i) => ({
          citationID: `c${i + 1}`,
          citationItems: cites,
          properties: { noteIndex: i + 1 },
        }));
        const notes = engine.rebuildProcessorState(citations, "text", []).map((t) => t[2]);
        let bibliography = null;
        if (xml.includes("<bibliography")) {
          engine.updateItems(ids);
          const made = engine.makeBibliography();
          bibliography = made ? made[1].map((entry) => entry.trim()) : null;
        }
        out.styles[name][code] = { notes, bibliography };
      } catch (err) {
        out.styles[name][code] = { error: String(err).split("\n")[0] };
      }
    }
    console.log(`${name}: ${codes.length} locales`);
  }
  fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(out) + "\n", { level: 9 }));
  console.log(`-> ${file}`);
}

main();
