#!/usr/bin/env node
// Writes citeproc-js's output for date ranges in dates whose parts have affixes, delimiters and range
// delimiters of their own (tests/test_csl_date_ranges.py).
//
//   cd "$(mktemp -d)" && npm install citeproc@2.4.63 && \
//     NODE_PATH=$PWD/node_modules node /path/to/tests/data/csl/generate-date-ranges.js
//
// Locale: en-US from ../shared/csl/locales (or $CSL_LOCALES). Output: citeproc-js-date-ranges.json.

"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const LOCALES = process.env.CSL_LOCALES || path.join(__dirname, "..", "..", "..", "..", "shared", "csl", "locales");
// Aug 1 - Sep 2 1945 (month and day differ), Apr 13 1941 - Aug 8 1945 (all three), Aug 1 - 9 1945 (the
// day), Apr 1941 - Aug 1945 (year and month).
const DATES = [[[1945, 8, 1], [1945, 9, 2]], [[1941, 4, 13], [1945, 8, 8]], [[1945, 8, 1], [1945, 8, 9]], [[1941, 4], [1945, 8]]];
const FORMATS = [
    '<date variable="issued" delimiter="_"><date-part name="year" prefix="[Y" suffix="y]"/><date-part name="month" prefix="[M" form="numeric"/><date-part name="day" prefix="[D" suffix="d]"/></date>',
    '<date variable="issued" delimiter=" "><date-part name="year" suffix=" m."/><date-part name="month"/><date-part name="day" form="numeric" suffix=" d."/></date>',
    '<date variable="issued" delimiter="/"><date-part name="day"/><date-part name="month" form="numeric"/><date-part name="year"/></date>',
    '<date variable="issued" delimiter="~"><date-part name="month" range-delimiter="+"/><date-part name="day" prefix="#" range-delimiter="@"/><date-part name="year" prefix=", "/></date>',
    '<date variable="issued"><date-part name="year" prefix="[Y"/><date-part name="month" prefix="[M" form="numeric"/><date-part name="day" prefix="[D"/></date>',
    '<date variable="issued"><date-part name="day" prefix="(D"/><date-part name="month" prefix="(M" form="numeric"/><date-part name="year" prefix="(Y"/></date>',
    '<date variable="issued"><date-part name="month" prefix="&lt;M" suffix="m&gt;" form="numeric"/><date-part name="day" prefix="&lt;D" suffix="d&gt;"/><date-part name="year" prefix="&lt;Y" suffix="y&gt;"/></date>',
];

function style(date) {
    return '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">' +
        "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>" +
        '<citation><layout><text variable="title"/></layout></citation>' +
        `<bibliography><layout>${date}</layout></bibliography></style>`;
}

const items = DATES.map((d, n) => ({ id: `i${n}`, type: "book", title: "T", issued: { "date-parts": d } }));
const byId = Object.fromEntries(items.map((item) => [item.id, item]));
const cases = [];
for (const date of FORMATS) {
    const sys = {
        retrieveLocale: (lang) => fs.readFileSync(path.join(LOCALES, "locales-en-US.xml"), "utf8"),
        retrieveItem: (id) => byId[id],
    };
    const engine = new CSL.Engine(sys, style(date));
    engine.setOutputFormat("text");
    engine.updateItems(items.map((item) => item.id));
    cases.push({ date, entries: engine.makeBibliography()[1].map((entry) => entry.trim()) });
}
const out = path.join(__dirname, "citeproc-js-date-ranges.json");
fs.writeFileSync(out, JSON.stringify({ dates: DATES, cases }, null, 1) + "\n");
console.log(`${cases.length} formats -> ${out}`);
