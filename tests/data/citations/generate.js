#!/usr/bin/env node
// Generates the expected citation outputs that pactcli's tests compare against.
//
// Reference engine: citeproc-js (npm package `citeproc`, pinned in package.json), with the
// official CSL styles and the en-US locale committed under ./styles/ (CC BY-SA 3.0, see the
// <rights> element of each file).
//
//   cd tests/data/citations && npm install && node generate.js [--out FILE] [extra.json ...]
//
// Every extra argument is a file holding a CSL-JSON array (for example a store's sources,
// exported with `pactcli cite --format csl-json`; the committed fixtures are generated with
// `node generate.js store-sources.json`); its items are added to sources.json's for this
// run, and the output (expected.json) then covers them too. An extra item whose id is
// already taken is kept as "extra/<id>".
//
// Output: expected.json (pretty-printed, UTF-8) with, for each style, in "text" and "html":
//   - bibliography: the whole set, sorted by the style (with subsequent-author substitution);
//   - items[id].bibliography: the item's entry when the bibliography holds that item alone;
//   - items[id].notes: the outputs of a fixed citation sequence (PER_ITEM_SEQUENCE below),
//     one citation per note (note styles) or per in-text citation (author-date styles);
//   - document: every item cited once without locator, then every item again with a
//     locator, in fixture order, all in one document;
//   - locators: LOCATORS (page ranges, "p. 46", "n. 4", "doc. 623, tel. 1054", …) each
//     cited twice (full, then short) for LOCATOR_ITEMS.

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
// Index 0 is the first (full) note; 1 repeats the same locator (the "ibid." position);
// 2 changes the locator ("ibid. with locator"); 4 is a subsequent note without locator
// after an intervening note; 6 a subsequent note with a page range; 7 repeats X without a
// locator right after a cite with one. (The Chicago 18th-edition style prints short notes,
// never "Ibid.", in all these positions.)
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

// Locator forms, each cited twice (full, then short note) for a few items of each type.
// citeproc-js reads a leading abbreviation ("p. ", "n. ", "ch. ", "sec. ") as the label.
const LOCATOR_ITEMS = [
  "hasegawa-2005", "frus-1945-v06", "hasegawa-2007-ch", "fict-article-1998", "time-1945-04-16",
  "frus-tel-1945", "dafp-v8-166", "sato-tel-1945", "treaty-sino-soviet-1945",
  "avalon-neutrality-pact", "fict-dataset-2021",
];
const LOCATORS = [
  "doc. 623, tel. 1054", "p. 46", "pp. 3-9", "46", "46-47", "xii", "chap. 3", "ch. 3", "§ 5",
  "sec. 5", "46, 50", "12 and 15", "A5-A7", "n. 4", "para. 12", "vol. 2", "no. 7", "l. 4-6",
  "fol. 3v", "1099-1101", "101-8", "fig. 2",
];

function loadItems(files) {
  const items = [];
  const seen = new Set();
  for (const file of files) {
    const data = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!Array.isArray(data)) {
      throw new Error(`${file}: expected a CSL-JSON array`);
    }
    for (const original of data) {
      const item = { ...original, id: String(original.id) };
      if (seen.has(item.id) && file !== files[0]) {
        // an extra item that shares a fixture's id is kept under "extra/<id>"
        const renamed = `extra/${item.id}`;
        console.log(`${file}: id ${item.id} is taken; using ${renamed}`);
        item.id = renamed;
      }
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

// Building an engine parses the style (seconds for Chicago), so engines are reused, two
// per style: one only makes bibliographies (updateItems() replaces its registry), the
// other only makes citations (rebuildProcessorState() starts from scratch). They are
// kept apart because a bibliography leaves names in citeproc-js's disambiguation
// registry that change later citations (APA then writes "Tōgō S." for "Tōgō").
function bibliography(engine, ids, format) {
  engine.setOutputFormat(format);
  engine.updateItems(ids);
  const result = engine.makeBibliography();
  if (!result) {
    return { ids: [], entries: [] };
  }
  const [params, entries] = result;
  return { ids: params.entry_ids.map((e) => String(e[0])), entries };
}

function citations(engine, sequence, format) {
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
  const args = process.argv.slice(2);
  let target = path.join(HERE, "expected.json");
  const outAt = args.indexOf("--out");
  if (outAt >= 0) {
    target = path.resolve(args[outAt + 1]);
    args.splice(outAt, 2);
  }
  const extra = args;
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
      locator_items: LOCATOR_ITEMS,
      locators: LOCATORS,
      document_locator: DOCUMENT_LOCATOR,
      label: "page",
    },
    items,
    styles: {},
  };
  for (const [key, file] of Object.entries(STYLES)) {
    const styleXml = fs.readFileSync(path.join(HERE, "styles", `${file}.csl`), "utf8");
    const bibEngine = makeEngine(styleXml, itemsById);
    const citeEngine = makeEngine(styleXml, itemsById);
    const out = { bibliography: {}, items: {}, document: {}, locators: [] };
    for (const format of ["text", "html"]) {
      out.bibliography[format] = bibliography(bibEngine, ids, format);
    }
    for (const id of ids) {
      const filler = id === ids[0] ? ids[1] : ids[0];
      const seq = PER_ITEM_SEQUENCE.map(([w, loc]) => [w === "X" ? id : filler, loc]);
      const entry = { sequence: seq, bibliography: {}, notes: {} };
      for (const format of ["text", "html"]) {
        const bib = bibliography(bibEngine, [id], format);
        entry.bibliography[format] = bib.entries.length ? bib.entries[0] : null;
        entry.notes[format] = citations(citeEngine, seq, format);
      }
      out.items[id] = entry;
    }
    const docSeq = [
      ...ids.map((id) => [id, null]),
      ...ids.map((id) => [id, DOCUMENT_LOCATOR]),
    ];
    out.document.sequence = docSeq;
    for (const format of ["text", "html"]) {
      out.document[format] = citations(citeEngine, docSeq, format);
    }
    for (const id of LOCATOR_ITEMS.filter((i) => itemsById.has(i))) {
      for (const locator of LOCATORS) {
        const seq = [[id, locator], [id, locator]];
        out.locators.push({
          item: id,
          locator,
          text: citations(citeEngine, seq, "text"),
          html: citations(citeEngine, seq, "html"),
        });
      }
    }
    expected.styles[key] = out;
  }
  fs.writeFileSync(target, JSON.stringify(expected, null, 1) + "\n", "utf8");
  console.log(`wrote ${target}: ${items.length} items x ${Object.keys(STYLES).length} styles`);
}

main();
