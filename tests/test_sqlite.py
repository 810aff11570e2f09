"""Full-text search (FTS5) and ``pactcli export --format sqlite``, opened by sqlite-utils and Datasette.

The search oracle is written here independently of SQLite: a word is a run of letters and digits, compared
without case and without diacritics; CJK text is compared character by character (a substring).
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from pactcli.store import index, queries
from pactcli.store import parse as store
from pactcli.store.files import EMBEDDED


@pytest.fixture(scope="module")
def embedded() -> store.Store:
    loaded, _ = store.load([EMBEDDED])
    return loaded


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fields(loaded: store.Store, event: store.Event) -> dict[str, str]:
    titles = [loaded.sources[ref.id].title for ref in event.cited_sources()]
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary or "",
        "place": event.place or "",
        "participants": "\n".join(event.participants),
        "sources": "\n".join(titles),
    }


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _fold(text).replace("_", " "))


def _has_word(loaded: store.Store, event: store.Event, word: str, column: str | None = None) -> bool:
    fields = _fields(loaded, event)
    texts = [fields[column]] if column else list(fields.values())
    return any(_fold(word) in _words(text) for text in texts)


def _has_prefix(loaded: store.Store, event: store.Event, prefix: str) -> bool:
    return any(w.startswith(_fold(prefix)) for text in _fields(loaded, event).values() for w in _words(text))


def _has_phrase(loaded: store.Store, event: store.Event, phrase: str) -> bool:
    wanted = _words(phrase)
    for text in _fields(loaded, event).values():
        words = _words(text)
        if any(words[i : i + len(wanted)] == wanted for i in range(len(words))):
            return True
    return False


def _has_substring(loaded: store.Store, event: store.Event, text: str) -> bool:
    return any(text in value for value in _fields(loaded, event).values())


def _search(loaded: store.Store, text: str) -> list[str]:
    return [e.id for e in queries.select(loaded, queries.Selection(search=text))]


def _expect(loaded: store.Store, keep) -> list[str]:  # type: ignore[no-untyped-def]
    found = [e.id for e in loaded.events if keep(e)]
    assert found, "the oracle must find something for the test to mean anything"
    return found


@pytest.mark.parametrize("query", ["Tōgō", "Togo", "TOGO", "tōgō", "Tôgô"])
def test_diacritics_are_folded(embedded: store.Store, query: str) -> None:
    assert _search(embedded, query) == _expect(embedded, lambda e: _has_word(embedded, e, "togo"))


@pytest.mark.parametrize("query", ["Sato", "Satō", "SATŌ"])
def test_diacritics_are_folded_in_both_directions(embedded: store.Store, query: str) -> None:
    assert _search(embedded, query) == _expect(embedded, lambda e: _has_word(embedded, e, "sato"))


@pytest.mark.parametrize("query", ["中立", "条約", "日ソ中立条約", "中", "締結"])
def test_japanese_is_found_inside_longer_runs(embedded: store.Store, query: str) -> None:
    assert _search(embedded, query) == _expect(embedded, lambda e: _has_substring(embedded, e, query))


@pytest.mark.parametrize("query", ["нейтралитете", "НЕЙТРАЛИТЕТЕ", "Пакт"])
def test_russian_words_are_found_without_case(embedded: store.Store, query: str) -> None:
    assert _search(embedded, query) == _expect(embedded, lambda e: _has_word(embedded, e, query))


def test_fts5_syntax(embedded: store.Store) -> None:
    e = embedded
    assert _search(e, '"neutrality pact"') == _expect(e, lambda ev: _has_phrase(e, ev, "neutrality pact"))
    assert _search(e, "neutral*") == _expect(e, lambda ev: _has_prefix(e, ev, "neutral"))
    assert _search(e, "Molotov OR Tōgō") == _expect(
        e, lambda ev: _has_word(e, ev, "molotov") or _has_word(e, ev, "togo")
    )
    assert _search(e, "Molotov AND Tōgō") == _expect(
        e, lambda ev: _has_word(e, ev, "molotov") and _has_word(e, ev, "togo")
    )
    assert _search(e, "Molotov Tōgō") == _search(e, "Molotov AND Tōgō")
    assert _search(e, "pact NOT signed") == _expect(
        e, lambda ev: _has_word(e, ev, "pact") and not _has_word(e, ev, "signed")
    )
    assert _search(e, "title:manchuria") == _expect(e, lambda ev: _has_word(e, ev, "manchuria", "title"))


@pytest.mark.parametrize("query", ["pact-signed", '"unbalanced', "AND", "(", "nosuchcolumn:x", "*"])
def test_text_that_is_not_fts5_syntax_is_searched_as_words(embedded: store.Store, query: str) -> None:
    # Each word (a run without spaces) then becomes a phrase: pact-signed means "pact signed".
    chunks = [chunk for chunk in query.split() if _words(chunk)]
    found = _search(embedded, query)
    if not chunks:
        assert found == []
        return
    assert found == [e.id for e in embedded.events if all(_has_phrase(embedded, e, c) for c in chunks)]


def test_search_combines_with_the_other_filters(embedded: store.Store) -> None:
    from pactcli.time.dates import parse_stored

    selection = queries.Selection(start=parse_stored("1945"), tags=("war",), search="Soviet", reverse=True)
    assert [e.id for e in queries.select(embedded, selection)] == [
        e.id
        for e in reversed(embedded.events)
        if _has_word(embedded, e, "soviet")
        and "war" in e.tags
        and max((c.end or c.start).last_day() for c in e.claims()).year >= 1945
    ]


def test_without_fts5_search_says_why_and_the_rest_works(run, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(index, "_fts_available", lambda: False)
    for env in ({"PACTCLI_NO_CACHE": "1"}, {"PACTCLI_CACHE_DIR": str(tmp_path / "cache")}):
        failed = run("timeline", "--search", "pact", env=env)
        assert failed.code == 1
        assert failed.err == (
            "pactcli: --search needs SQLite's full-text search (FTS5), which this Python's SQLite "
            f"{sqlite3.sqlite_version} lacks\n"
        )
        assert run("timeline", "--format", "json", env=env).code == 0
        assert run("event", "pact-signed", env=env).code == 0


# --- export ----------------------------------------------------------------------------------------------


def test_export_writes_the_schema_and_refuses_to_overwrite(
    run, tmp_path: Path, embedded: store.Store
) -> None:
    out = tmp_path / "chronology.db"
    first = run("export", "--format", "sqlite", str(out))
    assert (first.code, first.err) == (0, "")
    assert (
        first.out
        == f"export: {out}: {len(embedded.events)} event(s), {len(embedded.sources)} source(s) (SQLite)\n"
    )
    con = sqlite3.connect(out)
    assert con.execute("PRAGMA user_version").fetchone()[0] == index.SCHEMA
    ids = [row[0] for row in con.execute("SELECT id FROM events ORDER BY sort_us, sort_precision, id")]
    assert ids == [e.id for e in embedded.events]
    con.close()
    out.write_bytes(b"mine")
    refused = run("export", "--format", "sqlite", str(out))
    assert (refused.code, refused.err) == (1, f"pactcli: {out} exists; add --force to replace it\n")
    assert out.read_bytes() == b"mine"
    forced = run("export", "--format", "sqlite", "--force", str(out))
    assert forced.code == 0 and out.read_bytes().startswith(b"SQLite format 3\0")
    assert run("export", str(tmp_path)).err == f"pactcli: argument OUT: {tmp_path} is a directory\n"
    missing = run("export", str(tmp_path / "no" / "such" / "x.db"))
    assert missing.code == 1 and missing.err.startswith(
        f"pactcli: cannot write {tmp_path / 'no' / 'such' / 'x.db'}"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chronology.db"]


def test_export_is_the_same_with_the_cache_on_and_off(run, tmp_path: Path) -> None:
    on, off = tmp_path / "on.db", tmp_path / "off.db"
    assert run("export", str(on), env={"PACTCLI_CACHE_DIR": str(tmp_path / "cache")}).code == 0
    assert run("export", str(off), env={"PACTCLI_NO_CACHE": "1"}).code == 0
    tables = ["events", "claims", "source_refs", "tags", "participants", "sources", "zones"]
    for table in tables:
        rows = []
        for path in (on, off):
            con = sqlite3.connect(path)
            columns = [
                r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] not in ("file", "rowid")
            ]
            rows.append(sorted(con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr))
            con.close()
        assert rows[0] == rows[1], table


def test_sqlite_utils_opens_the_export(run, tmp_path: Path, embedded: store.Store) -> None:
    import sqlite_utils

    out = tmp_path / "chronology.db"
    assert run("export", str(out)).code == 0
    db = sqlite_utils.Database(out)
    assert {
        "events",
        "claims",
        "sources",
        "source_refs",
        "tags",
        "participants",
        "zones",
        "events_fts",
    } <= set(db.table_names())
    assert db["events"].count == len(embedded.events)
    assert db["sources"].count == len(embedded.sources)
    (row,) = db["events"].rows_where("id = ?", ["pact-signed"])
    event = embedded.event("pact-signed")
    assert event is not None and row["title"] == event.title
    assert json.loads(row["record"])["id"] == "pact-signed"
    tagged = db.execute("SELECT event FROM tags WHERE tag = 'war' ORDER BY event").fetchall()
    assert [r[0] for r in tagged] == sorted(e.id for e in embedded.events if "war" in e.tags)
    found = db.execute(
        "SELECT e.id FROM events_fts JOIN events e ON e.rowid = events_fts.rowid "
        "WHERE events_fts MATCH 'togo' ORDER BY e.sort_us, e.sort_precision, e.id"
    ).fetchall()
    assert [r[0] for r in found] == _search(embedded, "togo")


def test_datasette_serves_the_export(run, tmp_path: Path, embedded: store.Store) -> None:
    from datasette.app import Datasette

    out = tmp_path / "chronology.db"
    assert run("export", str(out)).code == 0

    async def ask() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        datasette = Datasette([str(out)])
        one = await datasette.client.get("/chronology/events.json?id=pact-signed&_shape=array")
        assert one.status_code == 200
        sql = "SELECT id FROM events WHERE id IN (SELECT event FROM tags WHERE tag = 'war') ORDER BY id"
        many = await datasette.client.get("/chronology.json", params={"sql": sql, "_shape": "array"})
        assert many.status_code == 200
        return one.json(), many.json()

    one, many = asyncio.run(ask())
    event = embedded.event("pact-signed")
    assert event is not None and [(r["id"], r["title"]) for r in one] == [("pact-signed", event.title)]
    assert [r["id"] for r in many] == sorted(e.id for e in embedded.events if "war" in e.tags)
