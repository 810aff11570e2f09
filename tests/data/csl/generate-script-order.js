#!/usr/bin/env node
// Writes the order in which Node's collation (ICU, as citeproc-js's sort compares keys: sensitivity "base",
// punctuation ignored, numeric) puts one word of each script, under every CSL locale, so that
// tests/test_csl_locales.py can compare pactcli.csl's script order (engine.scripts_first) with it.
//
//   node tests/data/csl/generate-script-order.js   # -> tests/data/csl/script-order-node.json
//
// Made with Node 20.20.2 (ICU 74).

"use strict";

const fs = require("fs");
const path = require("path");

const LOCALES = process.env.CSL_LOCALES || path.join(__dirname, "..", "..", "..", "..", "shared", "csl", "locales");
const WORDS = [
    "Apple", "Ωmega", "Внешняя", "Հայ", "עברית", "عربي", "हिन्दी", "বাংলা", "ไทย", "ქართ", "한국", "かな",
    "カナ", "国防", "ខ្មែរ", "ሀገር", "ᠮᠣᠩ", "தமிழ்", "සිංහල", "ລາວ", "བོད", "မြန်", "ગુજ", "ਪੰਜ", "తెలు", "ಕನ್ನ",
    "മലയ", "ଓଡ଼ି", "ܣܘܪ", "ދިވެ", "ᏣᎳᎩ",
];
const codes = fs.readdirSync(LOCALES)
    .map((name) => (name.match(/^locales-(.+)\.xml$/) || [])[1])
    .filter(Boolean)
    .sort();
const orders = {};
for (const code of codes) {
    const collator = new Intl.Collator(code, { sensitivity: "base", ignorePunctuation: true, numeric: true });
    orders[code] = [...WORDS].sort((a, b) => collator.compare(a, b));
}
const out = path.join(__dirname, "script-order-node.json");
fs.writeFileSync(out, JSON.stringify({ node: process.version, words: WORDS, orders }, null, 1) + "\n");
console.log(`${codes.length} locales -> ${out}`);
