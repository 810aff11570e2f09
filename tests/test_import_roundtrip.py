"""Any CSL-JSON item the store can hold comes back out of the CSL-JSON export with the same variables."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli.citations import to_csl
from pactcli.sources import csljson, importer
from pactcli.store import parse as store
from pactcli.store import writer

_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Cn")), min_size=1, max_size=20
).filter(lambda s: s.strip() == s and s)
_name = st.one_of(
    st.fixed_dictionaries({"family": _text}, optional={"given": _text, "suffix": _text}),
    st.fixed_dictionaries({"literal": _text}),
)
_part = st.one_of(
    st.tuples(st.integers(1, 2100)),
    st.tuples(st.integers(1, 2100), st.integers(1, 12)),
    st.tuples(st.integers(1, 2100), st.integers(1, 12), st.integers(1, 28)),
).map(list)
_date = st.one_of(
    st.builds(lambda p: {"date-parts": [p]}, _part),
    st.builds(lambda y: {"date-parts": [[y]], "season": "Spring"}, st.integers(1, 2100)),
    st.builds(lambda y: {"date-parts": [[y], [y + 3]]}, st.integers(1, 2000)),
    st.builds(lambda p: {"date-parts": [p], "circa": True}, _part),
    st.builds(lambda t: {"literal": t}, _text),
    st.builds(lambda t: {"raw": t}, _text),
)
_item = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"\A[A-Za-z][A-Za-z0-9_]{0,12}\Z"),
        "type": st.sampled_from(
            ["book", "chapter", "article-journal", "thesis", "report", "webpage", "interview"]
        ),
        "title": _text,
    },
    optional={
        "author": st.lists(_name, min_size=1, max_size=3),
        "editor": st.lists(_name, min_size=1, max_size=2),
        "translator": st.lists(_name, min_size=1, max_size=2),
        "container-title": _text,
        "publisher": _text,
        "page": _text,
        "volume": _text,
        "DOI": _text,
        "URL": _text,
        "issued": _date,
        "accessed": _date,
        "original-date": _date,
    },
)

# The event's ID is longer than any generated source ID: event and source IDs share one namespace.
BASE = (
    '[[events]]\nid = "the-event-of-the-base-store"\ntitle = "E"\nstart = "1990"\nzone = "UTC"\n'
    'sources = [{ id = "seed" }]\n\n'
)
SEED = '[[sources]]\nid = "seed"\ntype = "book"\ntitle = "Seed"\n'


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        _item.filter(lambda i: i["title"] != "Seed"), min_size=1, max_size=4, unique_by=lambda i: i["title"]
    )
)
def test_import_then_export_keeps_every_variable(items: list[dict[str, object]]) -> None:
    result = csljson.read(json.dumps(items), "in.json")
    plan = importer.plan(result, {}, "in.json")
    assert [p.line() for p in plan.problems] == []
    text = BASE + SEED
    for planned in plan.added:
        text += "\n" + writer.render_record("sources", {"id": planned.id, **planned.fields})
    loaded, _ = store.load_files([("s.toml", text.encode("utf-8"))])
    exported = {s.title: to_csl(sid, s.fields) for sid, s in loaded.sources.items()}
    for item in items:
        back = {k: v for k, v in exported[str(item["title"])].items() if k != "id"}
        assert back == {k: v for k, v in item.items() if k != "id"}
