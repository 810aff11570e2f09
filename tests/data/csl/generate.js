#!/usr/bin/env node
// Writes citeproc-js's output for the 16 bundled CSL styles, for every item of the citation fixtures
// (tests/data/citations/sources.json) and of the embedded store (tests/data/citations/store-sources.json),
// so that tests/test_csl_styles.py can compare pactcli.csl with it without Node.
//
//   cd "$(mktemp -d)" && npm install citeproc@2.4.63 && \
//     NODE_PATH=$PWD/node_modules node /path/to/tests/data/csl/generate.js [ITEMS.json OUT.json]
//
// With two arguments, the items are those of ITEMS.json (CSL-JSON) and the output goes to OUT.json: the
// second and third sets, tests/data/csl/items-more.json -> citeproc-js-items-more.json and items-third.json ->
// citeproc-js-items-third.json (tests/test_csl_items.py).
//
// Styles: src/pactcli/csl/styles/*.csl; locales: ../shared/csl/locales (or $CSL_LOCALES). Output:
// tests/data/csl/citeproc-js-styles.json, HTML only: per style and item, the bibliography entry of the
// item alone (null when the style has no bibliography), and the notes or in-text citations of the fixed
// sequence SEQUENCE (one citation per note).

"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const ROOT = path.resolve(__dirname, "..", "..", "..");
const STYLES = path.join(ROOT, "src", "pactcli", "csl", "styles");
const LOCALES = process.env.CSL_LOCALES || path.join(ROOT, "..", "shared", "csl", "locales");
const FIXTURES = path.join(ROOT, "tests", "data", "citations");
const ITEMS = process.argv[2];
const OUT = process.argv[3] ? path.resolve(process.argv[3]) : path.join(__dirname, "citeproc-js-styles.json");

// X is the item, F another item. First cite with a page range, the same again (ibid), another page
// (ibid with locator), an intervening cite, then X without locator (subsequent).
const SEQUENCE = [
  ["X", "46-47"],
  ["X", "46-47"],
  ["X", "50"],
  ["F", null],
  ["X", null],
];

function loadItems() {
  if (ITEMS) {
    return JSON.parse(fs.readFileSync(ITEMS, "utf8")).map((it) => ({ ...it, id: String(it.id) }));
  }
  const items = [];
  const seen = new Set();
  for (const file of ["sources.json", "store-sources.json"]) {
    for (const original of JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8"))) {
      const item = { ...original, id: String(original.id) };
      if (seen.has(item.id)) item.id = `extra/${item.id}`;
      seen.add(item.id);
      items.push(item);
    }
  }
  return items;
}

function makeEngine(styleXml, itemsById) {
  const sys = {
    retrieveLocale: (lang) => {
      const file = path.join(LOCALES, `locales-${lang}.xml`);
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    },
    retrieveItem: (id) => JSON.parse(JSON.stringify(itemsById.get(String(id)))),
  };
  const engine = new CSL.Engine(sys, styleXml);
  engine.setOutputFormat("html");
  return engine;
}

function main() {
  const items = loadItems();
  const itemsById = new Map(items.map((it) => [it.id, it]));
  const ids = items.map((it) => it.id);
  const out = {
    generator: {
      engine: "citeproc-js",
      npm_package: `citeproc@${require("citeproc/package.json").version}`,
      processor_version: CSL.PROCESSOR_VERSION,
      sequence: SEQUENCE,
      label: "page",
    },
    items,
    styles: {},
  };
  for (const file of fs.readdirSync(STYLES).filter((f) => f.endsWith(".csl")).sort()) {
    const name = file.replace(/\.csl$/, "");
    const styleXml = fs.readFileSync(path.join(STYLES, file), "utf8");
    const hasBibliography = styleXml.includes("<bibliography");
    const bibEngine = makeEngine(styleXml, itemsById);
    const citeEngine = makeEngine(styleXml, itemsById);
    const result = {};
    for (const id of ids) {
      let bibliography = null;
      if (hasBibliography) {
        bibEngine.updateItems([id]);
        const made = bibEngine.makeBibliography();
        bibliography = made && made[1].length ? made[1][0] : null;
      }
      const filler = id === ids[0] ? ids[1] : ids[0];
      const cits = SEQUENCE.map(([who, locator], i) => {
        const cite = { id: who === "X" ? id : filler };
        if (locator !== null) {
          cite.locator = locator;
          cite.label = "page";
        }
        return { citationID: `c${i + 1}`, citationItems: [cite], properties: { noteIndex: i + 1 } };
      });
      const notes = citeEngine.rebuildProcessorState(cits, "html", []).map((t) => t[2]);
      result[id] = { bibliography, notes };
    }
    out.styles[name] = result;
    console.log(`${name}: ${ids.length} items`);
  }
  fs.writeFileSync(OUT, JSON.stringify(out, null, 0) + "\n", "utf8");
  console.log(`wrote ${OUT}`);
}

main();
