#!/usr/bin/env node
// Seeded random documents that stress disambiguation and cite collapsing, with citeproc-js's output, for
// tests/test_csl_disambiguation_scale.py.
//
//   cd "$(mktemp -d)" && npm install citeproc@2.4.63 && \
//     NODE_PATH=$PWD/node_modules node /path/to/tests/data/csl/generate-disambiguation.js \
//       --seed 1313 --documents 40 --per-document 8 --out /path/to/tests/data/csl/disambiguation
//
// With --corpus DIR (the CSL XML of `python scripts/csl_corpus.py convert`), it first picks corpus styles
// with each disambiguation option (see STYLE_KINDS) by the seed and copies them into OUT/styles; without,
// it takes the styles already in OUT/styles. The 16 bundled styles (src/pactcli/csl/styles) join them.
//
// Each document is its own item set (generateItems): clusters of 3 to 12 items sharing a family name (given
// names that differ or not, initials that collide, the same year or none, et-al lists sharing the first
// authors, institutions, titles differing in one word) among a few unrelated items; and its citations
// (generateClusters): clusters of one to four items, page locators, suppress-author, repeated cites, every
// item cited at least once. The items are listed in the order of their first cite (so citeproc-js's
// registry and the list agree). Each document is rendered, in HTML, by --per-document styles of the pool
// (document i takes the styles i*per, i*per+1, ... modulo the pool): the citations as
// rebuildProcessorState leaves them (disambiguation over the whole document), then the bibliography.
// Output: OUT/citeproc-js.json {generator, styles: [names], documents: [{seed, items, clusters, styles:
// {name: {notes, bibliography}}}]}.

"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BUNDLED = path.join(ROOT, "src", "pactcli", "csl", "styles");
const LOCALES = process.env.CSL_LOCALES || path.join(ROOT, "..", "shared", "csl", "locales");

// mulberry32: a small seeded generator, so a seed gives the same documents on every machine.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tools(random) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const shuffle = (list) => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return { int, pick, chance, shuffle };
}

const FAMILIES = ["Slavinsky", "Smith", "Tanaka", "Ivanov", "Hosoya", "Haslam", "Lensen", "Boyd", "Kim", "Sato"];
// Given names whose initials collide ("B." for Boris, Bella, Boris N.), a given name already initialised,
// one with a hyphen, and the same given names twice so that people can be the same person.
const GIVENS = [
  ["Boris", "Bella", "Boris N.", "B. N.", "Boris Nikolaevich", "Bogdan", "B."],
  ["John", "Jane", "J. R.", "John R.", "James", "J."],
  ["Chihiro", "Chiaki", "C.", "Jun-ichi", "Jun"],
  ["Aleksei", "Anna", "A. A.", "Andrei", "A."],
];
const OTHERS = [
  ["Hasegawa", "Tsuyoshi"], ["Roberts", "Geoffrey"], ["Slusser", "Susan"], ["Stephan", "John J."],
  ["Ienaga", "Saburō"], ["Coox", "Alvin D."], ["Glantz", "David M."], ["Mawdsley", "Evan"],
];
const INSTITUTIONS = ["Izvestiia", "Pravda", "Ministry of Foreign Affairs", "Gaimushō", "United Nations"];
const TOPICS = ["Neutrality", "War", "Manchuria", "Diplomacy", "Pact", "Border", "Fisheries", "Sakhalin"];
const WORDS = ["Soviet", "Japanese", "Early", "Late", "Secret", "Public", "First", "Second"];
const YEARS = ["1941", "1945", "1945", "1946", "1991", "2005"];
const TYPES = ["book", "article-journal", "article-newspaper", "chapter", "report"];
const JOURNALS = ["Izvestiia", "Journal of Cold War Studies", "Diplomatic History", "Pravda"];

function person(t, family, givens) {
  return { family, given: t.pick(givens) };
}

function generateItems(t, docIndex) {
  const items = [];
  let n = 0;
  const add = (item) => items.push({ id: `d${docIndex}-${++n}`, ...item });
  const groups = t.int(1, 3);
  for (let g = 0; g < groups; g++) {
    const size = t.int(3, 12);
    const kind = t.pick(["family", "family", "institution", "etal", "same"]);
    const family = t.pick(FAMILIES);
    const givens = t.pick(GIVENS);
    const institution = t.pick(INSTITUTIONS);
    const year = t.pick(YEARS);
    const topic = t.pick(TOPICS);
    // The et-al kind: every item's first one or two authors are the same people, the rest differ.
    const lead = [person(t, family, givens), person(t, t.pick(FAMILIES), t.pick(GIVENS))].slice(0, t.int(1, 2));
    for (let i = 0; i < size; i++) {
      const item = { type: t.pick(TYPES), title: `${t.pick(WORDS)} ${topic} ${t.chance(0.5) ? "and the " + t.pick(TOPICS) : ""}`.trim() };
      if (kind === "institution") {
        item.author = [{ literal: institution }];
        if (t.chance(0.2)) item.author.push(person(t, family, givens));
      } else if (kind === "etal") {
        const more = t.int(0, 5);
        item.author = [...lead.map((p) => ({ ...p }))];
        for (let k = 0; k < more; k++) item.author.push(person(t, t.pick(FAMILIES), t.pick(GIVENS)));
      } else if (kind === "same") {
        item.author = [{ family, given: givens[0] }];
        if (t.chance(0.3)) item.author.push(person(t, t.pick(FAMILIES), t.pick(GIVENS)));
      } else {
        item.author = [person(t, family, givens)];
        if (t.chance(0.3)) item.author.push(person(t, t.pick(FAMILIES), t.pick(GIVENS)));
      }
      if (item.type === "chapter" && t.chance(0.5)) {
        item["container-title"] = `${t.pick(WORDS)} Essays`;
        item.editor = [person(t, t.pick(FAMILIES), t.pick(GIVENS))];
      }
      if (item.type === "article-journal" || item.type === "article-newspaper") {
        item["container-title"] = t.pick(JOURNALS);
        if (t.chance(0.5)) item.page = `${t.int(1, 9)}`;
      }
      if (item.type === "book" && t.chance(0.5)) item.publisher = t.pick(["Nauka", "Iwanami", "Routledge"]);
      // The same year mostly; sometimes another, sometimes none; newspapers often a full date.
      const y = t.chance(0.7) ? year : t.chance(0.5) ? t.pick(YEARS) : null;
      if (y) {
        const parts = [Number(y)];
        if (item.type === "article-newspaper" && t.chance(0.6)) parts.push(t.int(1, 12), t.int(1, 28));
        item.issued = { "date-parts": [parts] };
      }
      add(item);
    }
  }
  for (let k = t.int(1, 4); k > 0; k--) {
    const [family, given] = t.pick(OTHERS);
    add({ type: "book", title: `${t.pick(WORDS)} ${t.pick(TOPICS)}`, author: [{ family, given }], issued: { "date-parts": [[Number(t.pick(YEARS))]] } });
  }
  return t.shuffle(items);
}

function generateClusters(t, items) {
  const ids = items.map((it) => it.id);
  const uncited = new Set(ids);
  const clusters = [];
  const count = t.int(8, 16);
  for (let c = 0; c < count || uncited.size; c++) {
    const size = t.int(1, 4);
    const chosen = [];
    for (let k = 0; k < size; k++) {
      // Mostly items not cited yet (so each is), sometimes one cited before.
      const pool = uncited.size && t.chance(0.7) ? [...uncited] : ids;
      const id = t.pick(pool);
      if (chosen.some((cite) => cite.id === id)) continue;
      uncited.delete(id);
      const cite = { id };
      if (t.chance(0.35)) Object.assign(cite, { locator: String(t.int(1, 300)), label: "page" });
      if (t.chance(0.1)) cite["suppress-author"] = true;
      chosen.push(cite);
    }
    clusters.push({ citationID: `c${clusters.length + 1}`, citationItems: chosen, properties: { noteIndex: clusters.length + 1 } });
  }
  // The items in the order of their first cite.
  const order = [];
  for (const cluster of clusters) for (const cite of cluster.citationItems) if (!order.includes(cite.id)) order.push(cite.id);
  const byId = new Map(items.map((it) => [it.id, it]));
  return { items: order.map((id) => byId.get(id)), clusters };
}

// Corpus styles picked per option (in-text styles only: a note style disambiguates too, but these options
// are what the author-date styles use).
const STYLE_KINDS = [
  ["all-names", (x) => /givenname-disambiguation-rule="all-names"/.test(x), 2],
  ["all-names-with-initials", (x) => /givenname-disambiguation-rule="all-names-with-initials"/.test(x), 2],
  ["primary-name", (x) => /givenname-disambiguation-rule="primary-name"/.test(x), 2],
  ["primary-name-with-initials", (x) => /givenname-disambiguation-rule="primary-name-with-initials"/.test(x), 2],
  ["by-cite", (x) => /givenname-disambiguation-rule="by-cite"/.test(x), 2],
  ["add-names only", (x) => /disambiguate-add-names="true"/.test(x) && !/disambiguate-add-givenname="true"/.test(x), 1],
  ["disambiguate condition", (x) => /disambiguate="true"/.test(x), 2],
  ["year-suffix-ranged", (x) => /collapse="year-suffix-ranged"/.test(x), 2],
  ["year-suffix", (x) => /collapse="year-suffix"/.test(x), 2],
  ["cite-group-delimiter", (x) => /cite-group-delimiter/.test(x), 1],
  ["subsequent-author-substitute", (x) => /subsequent-author-substitute/.test(x) && /class="in-text"/.test(x), 2],
];

function pickCorpus(t, corpus, outStyles) {
  const files = fs.readdirSync(corpus).filter((f) => f.endsWith(".csl")).sort();
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(corpus, f), "utf8")]));
  const chosen = new Set();
  for (const [, test, howMany] of STYLE_KINDS) {
    const fit = files.filter((f) => !chosen.has(f) && /class="in-text"/.test(texts.get(f)) && !/citation-number/.test(texts.get(f)) && test(texts.get(f)));
    for (const f of t.shuffle(fit).slice(0, howMany)) chosen.add(f);
  }
  fs.mkdirSync(outStyles, { recursive: true });
  for (const f of chosen) fs.writeFileSync(path.join(outStyles, f), texts.get(f));
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const seed = Number(opt("--seed", "1313"));
  const documents = Number(opt("--documents", "40"));
  const per = Number(opt("--per-document", "8"));
  const out = path.resolve(opt("--out", "."));
  const outStyles = path.join(out, "styles");
  if (opt("--corpus", null)) pickCorpus(tools(rng(seed)), opt("--corpus"), outStyles);
  const pool = [
    ...fs.readdirSync(BUNDLED).filter((f) => f.endsWith(".csl")).sort().map((f) => path.join(BUNDLED, f)),
    ...fs.readdirSync(outStyles).filter((f) => f.endsWith(".csl")).sort().map((f) => path.join(outStyles, f)),
  ];
  const result = {
    generator: { engine: "citeproc-js", npm_package: `citeproc@${require("citeproc/package.json").version}`, seed, documents, per_document: per },
    styles: pool.map((f) => path.basename(f, ".csl")),
    documents: [],
  };
  for (let d = 0; d < documents; d++) {
    const t = tools(rng(seed * 1000 + d));
    const { items, clusters } = generateClusters(t, generateItems(t, d));
    const doc = { items, clusters, styles: {} };
    const byId = new Map(items.map((it) => [it.id, it]));
    for (let k = 0; k < per; k++) {
      const file = pool[(d * per + k) % pool.length];
      const xml = fs.readFileSync(file, "utf8");
      const sys = {
        retrieveLocale: (lang) => {
          const f = path.join(LOCALES, `locales-${lang}.xml`);
          return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : false;
        },
        retrieveItem: (id) => JSON.parse(JSON.stringify(byId.get(String(id)))),
      };
      const engine = new CSL.Engine(sys, xml);
      engine.setOutputFormat("html");
      const notes = engine.rebuildProcessorState(JSON.parse(JSON.stringify(clusters)), "html", []).map((x) => x[2]);
      let bibliography = null;
      if (xml.includes("<bibliography")) {
        const made = engine.makeBibliography();
        bibliography = made ? made[1].map((entry) => entry.trim()) : null;
      }
      doc.styles[path.basename(file, ".csl")] = { notes, bibliography };
    }
    result.documents.push(doc);
  }
  fs.writeFileSync(path.join(out, "citeproc-js.json"), JSON.stringify(result) + "\n", "utf8");
  console.log(`${documents} documents, ${pool.length} styles -> ${out}`);
}

main();
