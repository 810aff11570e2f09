#!/usr/bin/env node
// Writes citeproc-js's notes or in-text citations, for the 16 bundled CSL styles, of store references
// whose locators carry a CSL locator label (page, chapter, section …) or none at all (pactcli.citations.locators:
// "doc. 166" reaches the processor with the label "unlabelled", which no locale has a term for), so that
// tests/test_locators.py can compare pactcli.csl with it without Node.
//
//   cd "$(mktemp -d)" && npm install citeproc@2.4.63 && \
//     NODE_PATH=$PWD/node_modules node /path/to/tests/data/csl/generate-locators.js
//
// Items: ITEMS of tests/data/citations/store-sources.json; locales: ../shared/csl/locales (or
// $CSL_LOCALES). Output: tests/data/csl/citeproc-js-locators.json, HTML: per style, item and case, the
// notes of the sequence X(case), X(case) (ibid), X(other) (ibid with locator), F, X(case) (subsequent),
// X without locator, one citation per note.

"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const ROOT = path.resolve(__dirname, "..", "..", "..");
const STYLES = path.join(ROOT, "src", "pactcli", "csl", "styles");
const LOCALES = process.env.CSL_LOCALES || path.join(ROOT, "..", "shared", "csl", "locales");
const OUT = path.join(__dirname, "citeproc-js-locators.json");

const ITEMS = ["dafp-v08-g102", "rotter-2008", "pike-2015", "wikipedia-neutrality-pact", "frus-1941-v04-d770"];
// [locator, label]: labelled as the store reads "p. 45", "pp. 12–14", "ch. 6", "sec. Background", "art. 2",
// "Appendix O", "n. 21", "§ 3", "vol. 8"; unlabelled as it keeps "doc. 166", "tel. 235", "infobox" and
// "vol. 22, doc. 596, pp. 94–95".
const CASES = [
  ["45", "page"],
  ["12–14", "page"],
  ["6", "chapter"],
  ["Background and history", "section"],
  ["2", "article-locator"],
  ["O", "appendix"],
  ["21", "note"],
  ["3", "section"],
  ["8", "volume"],
  ["IX, title", "chapter"],
  ["doc. 166", "unlabelled"],
  ["tel. 235", "unlabelled"],
  ["infobox", "unlabelled"],
  ["vol. 22, doc. 596, pp. 94–95", "unlabelled"],
];
const OTHER = {
  unlabelled: ["doc. 167", "unlabelled"],
};

function main() {
  const all = JSON.parse(fs.readFileSync(path.join(ROOT, "tests", "data", "citations", "store-sources.json"), "utf8"));
  const byId = new Map(all.map((it) => [String(it.id), it]));
  const items = ITEMS.map((id) => byId.get(id));
  const filler = "werth-1964";
  items.push(byId.get(filler));
  const itemsById = new Map(items.map((it) => [String(it.id), it]));
  const sys = {
    retrieveLocale: (lang) => {
      const file = path.join(LOCALES, `locales-${lang}.xml`);
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    },
    retrieveItem: (id) => JSON.parse(JSON.stringify(itemsById.get(String(id)))),
  };
  const out = {
    generator: {
      engine: "citeproc-js",
      npm_package: `citeproc@${require("citeproc/package.json").version}`,
      processor_version: CSL.PROCESSOR_VERSION,
      items: ITEMS,
      filler,
      cases: CASES,
      other: OTHER,
    },
    items,
    styles: {},
  };
  for (const file of fs.readdirSync(STYLES).filter((f) => f.endsWith(".csl")).sort()) {
    const name = file.replace(/\.csl$/, "");
    const styleXml = fs.readFileSync(path.join(STYLES, file), "utf8");
    const result = {};
    for (const id of ITEMS) {
      result[id] = {};
      for (const [locator, label] of CASES) {
        const [otherLocator, otherLabel] = OTHER[label] || ["99", label];
        const seq = [
          { id, locator, label },
          { id, locator, label },
          { id, locator: otherLocator, label: otherLabel },
          { id: filler },
          { id, locator, label },
          { id },
        ];
        const engine = new CSL.Engine(sys, styleXml);
        engine.setOutputFormat("html");
        const cits = seq.map((cite, i) => ({ citationID: `c${i + 1}`, citationItems: [cite], properties: { noteIndex: i + 1 } }));
        try {
          result[id][`${label}:${locator}`] = engine.rebuildProcessorState(cits, "html", []).map((t) => t[2]);
        } catch (err) {
          console.log(name, id, locator, err.message);
          throw err;
        }
      }
    }
    out.styles[name] = result;
    console.log(`${name}: ${ITEMS.length} items x ${CASES.length} cases`);
  }
  fs.writeFileSync(OUT, JSON.stringify(out, null, 0) + "\n", "utf8");
  console.log(`wrote ${OUT}`);
}

main();
