#!/usr/bin/env node
// citeproc-js's output for the small cases of tests/test_csl_locale_rules.py: one rule each, found by the
// comparison under every locale (tests/test_csl_locales_all.py), each under several locales. Each case is a
// bibliography layout (and, where it has cites, a citation layout) with its items; the file written holds
// the cases and citeproc-js's output, which the test renders again with pactcli.
//
//   cd "$(mktemp -d)" && npm install citeproc@2.4.63 && \
//     NODE_PATH=$PWD/node_modules node /path/to/tests/data/csl/generate-locale-rules.js
//
// Locales: ../shared/csl/locales (or $CSL_LOCALES). Plain text. Output: citeproc-js-locale-rules.json.

"use strict";

const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const LOCALES = process.env.CSL_LOCALES || path.join(__dirname, "..", "..", "..", "..", "shared", "csl", "locales");

function style(bibliography, citation, options) {
    return '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">' +
        "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>" +
        `<citation ${options || ""}><layout delimiter=", " prefix="(" suffix=")">${citation || '<text variable="title"/>'}</layout></citation>` +
        `<bibliography><layout>${bibliography}</layout></bibliography></style>`;
}

const BOOK = { type: "book", title: "T" };
const PEOPLE = [
    { family: "Adams", given: "Ann" }, { family: "Baker", given: "Bob" }, { family: "Clark", given: "Cy" },
];
const NAMES = (attrs) => `<names variable="author"><name and="text" ${attrs}/></names>`;

const CASES = [
    {
        rule: "a locator's range takes the locale's page-range-delimiter, whatever its label",
        locales: ["en-US", "es-ES", "fr-FR", "uk-UA", "zh-CN"],
        citation: '<group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group>',
        items: [{ id: "a", ...BOOK }],
        cites: [[{ id: "a", locator: "12-15", label: "chapter" }], [{ id: "a", locator: "3-4", label: "section" }],
            [{ id: "a", locator: "7-9", label: "page" }]],
    },
    ...["contextual", "always", "never", "after-inverted-name"].map((dpl) => ({
        rule: `an "and" term of an unspaced script takes no spaces (delimiter-precedes-last ${dpl})`,
        locales: ["en-US", "zh-CN", "ja-JP", "ko-KR", "de-DE"],
        bibliography: NAMES(`delimiter-precedes-last="${dpl}" name-as-sort-order="first"`),
        items: [
            { id: "a", ...BOOK, author: PEOPLE.slice(0, 2) },
            { id: "b", ...BOOK, author: PEOPLE },
        ],
    })),
    {
        rule: "a term or form the locale leaves out is not taken from en-US where citeproc-js loads the locale alone",
        locales: ["nb-NO", "nn-NO", "lt-LT", "cy-GB", "gl-ES", "de-AT", "en-GB", "pt-BR"],
        bibliography: '<group delimiter=" | "><text term="note" form="short"/><text term="part" form="short"/>' +
            '<text term="book" form="short"/><text term="appendix" form="short"/>' +
            '<text term="paper-conference" form="short"/><text term="at" form="short"/></group>',
        items: [{ id: "a", ...BOOK }],
    },
    {
        rule: "a BC or AD term follows the year's affixes, outside its formatting",
        locales: ["en-US", "ja-JP", "eu", "hy-AM", "de-DE"],
        bibliography: '<group delimiter=" | "><date variable="issued"><date-part name="year" prefix="[" suffix="y]" font-style="italic"/></date>' +
            '<date variable="issued" form="text" date-parts="year"/></group>',
        items: [{ id: "a", ...BOOK, issued: { "date-parts": [[-50]] } }, { id: "b", ...BOOK, issued: { "date-parts": [[79]] } }],
    },
    {
        rule: "capitalize-first takes the first word after quotes, brackets and punctuation",
        locales: ["en-US", "eu", "de-DE"],
        bibliography: '<group delimiter=" | "><text variable="title" text-case="capitalize-first"/>' +
            '<names variable="translator"><name/><label form="verb" prefix=" " text-case="capitalize-first"/></names></group>',
        items: [
            { id: "a", ...BOOK, title: "-(e)k itzulia", translator: [PEOPLE[0]] },
            { id: "b", ...BOOK, title: "“quoted” words here" },
            { id: "c", ...BOOK, title: "(ii) second part" },
            { id: "d", ...BOOK, title: "o'brien and others" },
            { id: "e", ...BOOK, title: "[1941] iPhone case" },
        ],
    },
    {
        rule: "a names label's term curls a straight apostrophe",
        locales: ["uk-UA", "en-US"],
        bibliography: '<names variable="interviewer"><name/><label form="verb" prefix=" "/></names>',
        items: [{ id: "a", type: "interview", title: "T", interviewer: [PEOPLE[0]] }],
    },
    {
        rule: "a locale without the ordinal term (CSL 1.0 ordinals) takes citeproc-js's old rule: ordinal-04 in 11-13 and after other last digits",
        locales: ["he-IL", "en-US", "fr-FR"],
        bibliography: '<group delimiter=" | "><number variable="edition" form="ordinal"/><number variable="edition" form="long-ordinal"/>' +
            '<date variable="issued"><date-part name="day" form="ordinal"/></date></group>',
        items: [1, 2, 3, 4, 10, 11, 12, 13, 21, 22, 23, 101, 111, 112].map((n) => ({
            id: `i${String(n).padStart(3, "0")}`, ...BOOK, edition: String(n), issued: { "date-parts": [[1945, 8, n > 31 ? 1 : n]] },
        })),
    },
    {
        rule: "a month's term curls a straight apostrophe",
        locales: ["he-IL", "en-US"],
        bibliography: '<date variable="issued"><date-part name="month" form="short" suffix=" "/><date-part name="year"/></date>',
        items: [{ id: "a", ...BOOK, issued: { "date-parts": [[1945, 10], [1946, 1]] } }],
    },
    {
        rule: "title case starts a word after a period in any script",
        locales: ["bg-BG", "ru-RU", "en-US"],
        bibliography: '<group delimiter=" | "><names variable="editor"><name/><label form="short" prefix=" (" suffix=")" text-case="title"/></names>' +
            '<text value="ред.кол. и пр." text-case="title"/><text value="chiculture.org.hk" text-case="title"/></group>',
        items: [{ id: "a", ...BOOK, editor: PEOPLE.slice(0, 2) }],
    },
    {
        rule: "a locator the citation does not print keeps no cite out of a citation-number range",
        locales: ["en-US", "ja-JP"],
        citation: '<text variable="citation-number"/>',
        options: 'collapse="citation-number"',
        bibliography: '<text variable="citation-number" suffix=". "/><text variable="title"/>',
        items: ["a", "b", "c", "d"].map((id) => ({ id, ...BOOK, title: id })),
        cites: [[{ id: "a", locator: "4" }, { id: "b", locator: "5", label: "chapter" }, { id: "c" }, { id: "d", prefix: "see " }]],
    },
    {
        rule: "a date range spans the parts its end has: a season given for the start is printed once",
        locales: ["en-US", "lv-LV", "ja-JP", "hu-HU", "de-DE"],
        bibliography: '<group delimiter=" | "><date variable="issued" form="text"/><date variable="issued" form="numeric"/></group>',
        items: [
            { id: "a", ...BOOK, issued: { "date-parts": [[2010], [2011]], season: "Winter" } },
            { id: "b", ...BOOK, issued: { "date-parts": [[2010], [2011]], season: 3 } },
        ],
    },
];

const out = [];
for (const c of CASES) {
    const xml = style(c.bibliography || '<text variable="title"/>', c.citation, c.options);
    const byId = Object.fromEntries(c.items.map((item) => [item.id, item]));
    const results = {};
    for (const lang of c.locales) {
        const sys = {
            retrieveLocale: (l) => {
                const f = path.join(LOCALES, `locales-${l}.xml`);
                return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : false;
            },
            retrieveItem: (id) => JSON.parse(JSON.stringify(byId[id])),
        };
        const engine = new CSL.Engine(sys, xml, lang, true);
        engine.setOutputFormat("text");
        let citations = null;
        if (c.cites) {
            citations = engine.rebuildProcessorState(
                c.cites.map((items, i) => ({ citationID: `c${i}`, citationItems: items, properties: { noteIndex: 0 } })),
                "text", []).map((t) => t[2]);
        }
        engine.updateItems(c.items.map((item) => item.id));
        const bibliography = engine.makeBibliography()[1].map((entry) => entry.trim());
        results[lang] = { citations, bibliography };
    }
    out.push({ rule: c.rule, style: xml, items: c.items, cites: c.cites || null, results });
}
const file = path.join(__dirname, "citeproc-js-locale-rules.json");
fs.writeFileSync(file, JSON.stringify(out, null, 1) + "\n");
console.log(`${out.length} cases -> ${file}`);
