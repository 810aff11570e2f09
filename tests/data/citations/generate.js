#!/usr/bin/env node
// Generates the expected citation outputs that pactcli's tests compare against.
//
// Reference engine: citeproc-js (npm package `citeproc`, pinned in package.json), with the
// official CSL styles and the en-US locale committed under ./styles/ (CC BY-SA 3.0, see the
// <rights> element of each file).
//
//   cd tests/data/citations && npm install && node generate.js [extra.json ...]
//
// Every extra argument is a file holding a CSL-JSON array (for example the store's own
// sources exported with `pactcli ... export csl-json`); its items are added to sources.json's
// for this run, and the output (expected.json) then covers them too. Item ids must be unique.
//
// Output: expected.json (pretty-printed, UTF-8) with, for each style, in "text" and "html":
//   - bibliography: the whole set, sorted by the style (with subsequent-author substitution);
//   - items[id].bibliography: the item's entry when the bibliography holds that item alone;
//   - items[id].notes: the outputs of a fixed citation sequence (PER_ITEM_SEQUENCE below),
//     one citation per note (note styles) or per in-text citation (author-date styles);
//   - document: every item cited once without locator, then every item again with a
//     locator, in fixture order, all in one document.

"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const HERE = __dirname;
const STYLES = {
  "chicago": "chicago-notes-bibliography",
  "chicago-author-date": "chicago-author-date",
  "apa": "apa",
  "mla": "modern-language-association",
};
const LOCALE = fs.readFileSync(path.join(HERE, "styles", "locales-en-US.xml"), "utf8");

// The citation sequence run for every item X (F is a filler item, another fixture item).
// Index 0 is the first (full) note; 1 repeats the same locator (ibid.); 2 changes the
// locator (ibid. with locator); 4 is a subsequent note without locator after an
// intervening note; 6 a subsequent note with a page range; 7 repeats X without a locator
// right after a cite with one.
const PER_ITEM_SEQUENCE = [
  ["X", "46-47"],
  ["X", "46-47"],
  ["X", "50"],
  ["F", null],
  ["X", null],
  ["F", null],
  ["X", "110-115"],
  ["X", null],
];
const DOCUMENT_LOCATOR = "12";

function loadItems(files) {
  const items = [];
  const seen = new Set();
  for (const file of files) {
    const data = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!Array.isArray(data)) {
      throw new Error(`${file}: expected a CSL-JSON array`);
    }
    for (const item of data) {
      if (seen.has(item.id)) {
        throw new Error(`${file}: duplicate item id ${item.id}`);
      }
      seen.add(item.id);
      items.push(item);
    }
  }
  return items;
}

function makeEngine(styleXml, itemsById) {
  const sys = {
    retrieveLocale: (lang) => (lang === "en-US" || lang === "en" ? LOCALE : false),
    retrieveItem: (id) => {
      const item = itemsById.get(String(id));
      if (!item) {
        throw new Error(`unknown item ${id}`);
      }
      // citeproc-js mutates items it is given; hand it a copy.
      return JSON.parse(JSON.stringify(item));
    },
  };
  return new CSL.Engine(sys, styleXml, "en-US", true);
}

function bibliography(styleXml, itemsById, ids, format) {
  const engine = makeEngine(styleXml, itemsById);
  engine.setOutputFormat(format);
  engine.updateItems(ids);
  const result = engine.makeBibliography();
  if (!result) {
    return { ids: [], entries: [] };
  }
  const [params, entries] = result;
  return { ids: params.entry_ids.map((e) => String(e[0])), entries };
}

function citations(styleXml, itemsById, sequence, format) {
  const engine = makeEngine(styleXml, itemsById);
  const cits = sequence.map(([id, locator], i) => {
    const citationItem = { id };
    if (locator !== null) {
      citationItem.locator = locator;
      citationItem.label = "page";
    }
    return {
      citationID: `c${i + 1}`,
      citationItems: [citationItem],
      properties: { noteIndex: i + 1 },
    };
  });
  const out = engine.rebuildProcessorState(cits, format, []);
  return out.map((triple) => triple[2]);
}

function main() {
  const extra = process.argv.slice(2);
  const items = loadItems([path.join(HERE, "sources.json"), ...extra]);
  const itemsById = new Map(items.map((it) => [String(it.id), it]));
  const ids = items.map((it) => String(it.id));
  const expected = {
    generator: {
      engine: "citeproc-js",
      npm_package: `citeproc@${require("citeproc/package.json").version}`,
      processor_version: CSL.PROCESSOR_VERSION,
      locale: "locales-en-US.xml",
      styles: STYLES,
      per_item_sequence: PER_ITEM_SEQUENCE,
      document_locator: DOCUMENT_LOCATOR,
      label: "page",
    },
    items,
    styles: {},
  };
  for (const [key, file] of Object.entries(STYLES)) {
    const styleXml = fs.readFileSync(path.join(HERE, "styles", `${file}.csl`), "utf8");
    const out = { bibliography: {}, items: {}, document: {} };
    for (const format of ["text", "html"]) {
      out.bibliography[format] = bibliography(styleXml, itemsById, ids, format);
    }
    for (const id of ids) {
      const filler = id === ids[0] ? ids[1] : ids[0];
      const seq = PER_ITEM_SEQUENCE.map(([w, loc]) => [w === "X" ? id : filler, loc]);
      const entry = { sequence: seq, bibliography: {}, notes: {} };
      for (const format of ["text", "html"]) {
        const bib = bibliography(styleXml, itemsById, [id], format);
        entry.bibliography[format] = bib.entries[0];
        entry.notes[format] = citations(styleXml, itemsById, seq, format);
      }
      out.items[id] = entry;
    }
    const docSeq = [
      ...ids.map((id) => [id, null]),
      ...ids.map((id) => [id, DOCUMENT_LOCATOR]),
    ];
    out.document.sequence = docSeq;
    for (const format of ["text", "html"]) {
      out.document[format] = citations(styleXml, itemsById, docSeq, format);
    }
    expected.styles[key] = out;
  }
  const target = path.join(HERE, "expected.json");
  fs.writeFileSync(target, JSON.stringify(expected, null, 1) + "\n", "utf8");
  console.log(`wrote ${target}: ${items.length} items x ${Object.keys(STYLES).length} styles`);
}

main();
