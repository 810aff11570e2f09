#!/usr/bin/env node
// Writes JavaScript's locale-sensitive case mapping (what citeproc-js's text case calls:
// toLocaleUpperCase / toLocaleLowerCase, ICU under Node) for chosen and for seeded random texts in the
// languages whose rules differ (Greek, Turkish, Azeri, Lithuanian) and two that do not, so that
// tests/test_csl_casing.py can compare pactcli.csl.casing with it without Node.
//
//   node tests/data/csl/generate-casing.js   # -> tests/data/csl/casing-node.json
//
// Made with Node 20.20.2 (ICU 74).

"use strict";

const fs = require("fs");
const path = require("path");

const CHOSEN = [
    "Παπαδόπουλος", "Μαΐου", "ἀρχή", "Ἀθῆναι", "άι άϊ ά\u0308ι ΐ ή Ή ή, η ήα Άι", "ᾳ ᾼ ᾴ ῷ ΐ ϋ ΰ ῥ ὁ ὅ ᾅ",
    "όι ὸι ό\u0301ι όιι", "ΆΫ", "ά ι", "Ά-Ι", "(ή)", "αή", "η\u0301", "ͅα",
    "ΟΔΟΣ. ΟΔΟΣ.Α ΟΔΟΣ\u0301 ΑΣ' Σ ΣΑΣ ΑΣΣ", "ΟΔΥΣΣΕΥΣ",
    "iıİI İstanbul ISPARTA Iğdır i\u0307 I\u0307", "içinde", "Içinde",
    "Įi̇̀ ÌÍĨ JĮ̇ i̇̀ I\u0301 J\u0303", "ß ﬁ ŉ ǅ", "Ωmega Ω",
];
const POOL = Array.from(
    "αάὰᾶἀἁἄᾳεέηήῆιίϊΐοόυύϋΰωώᾧρῥσςΣΑΆΗΉΙΊΪΟΌΥΎΫΩΏ \u0301\u0308\u0342\u0345\u0313-.,'iIİıjJĮįÌÍĨ\u0307"
);
const LANGS = ["el", "tr", "az", "lt", "en", "de"];

// mulberry32: a small seeded generator, so the file is the same on every run.
function random(seed) {
    return function () {
        seed |= 0;
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const next = random(1941);
const texts = [...CHOSEN];
for (let n = 0; n < 300; n++) {
    const length = 1 + Math.floor(next() * 14);
    let text = "";
    for (let i = 0; i < length; i++) text += POOL[Math.floor(next() * POOL.length)];
    texts.push(text);
}
const cases = [];
for (const text of texts) {
    for (const lang of LANGS) {
        cases.push([lang, text, text.toLocaleUpperCase(lang), text.toLocaleLowerCase(lang)]);
    }
}
const out = path.join(__dirname, "casing-node.json");
fs.writeFileSync(out, JSON.stringify({ node: process.version, cases }, null, 0) + "\n");
console.log(`${cases.length} cases -> ${out}`);
