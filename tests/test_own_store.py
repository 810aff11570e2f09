"""A chronology of your own through the CLI: new, add, import, edit, and what every later command sees."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
import tomli

from .conftest import DATA, MINI

ZOTERO = DATA / "import" / "zotero.json"


@pytest.fixture
def mine(tmp_path: Path, run) -> Path:
    path = tmp_path / "mine.toml"
    result = run("new", str(path), "--title", "Thesis chapter 3")
    assert (result.code, result.err) == (0, "")
    return path


# --- new ------------------------------------------------------------------------------------------------


def test_new_makes_a_valid_store_and_never_overwrites(run, tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    result = run("new", str(path), "--title", 'A "quoted" title')
    assert result.out == f"created {path}: 1 example source, 1 example event; next: pactcli validate {path}\n"
    data = tomli.loads(path.read_text(encoding="utf-8"))
    assert data["store"]["title"] == 'A "quoted" title'
    assert [s["id"] for s in data["sources"]] == ["example-source"]
    assert [e["id"] for e in data["events"]] == ["example-event"]
    assert run("validate", str(path)).err == "ok: 1 events, 1 sources\n"  # the summary, on stderr
    before = path.read_bytes()
    again = run("new", str(path))
    assert (again.code, again.err) == (
        1,
        f"pactcli: {path}: already exists; pactcli new never overwrites a file\n",
    )
    assert path.read_bytes() == before


# --- add ------------------------------------------------------------------------------------------------


def test_add_source_and_event_from_flags(run, mine: Path) -> None:
    before = mine.read_text(encoding="utf-8")
    result = run(
        "add", "source", "--store", str(mine), "--type", "book", "--title", "Racing the Enemy",
        "--author", "Hasegawa, Tsuyoshi", "--author", "Harvard University", "--issued", "2005",
        "--set", "number-of-pages=382", "--set", "kind=scholarly",
    )  # fmt: skip
    # kind must be primary, secondary or tertiary: the whole store is checked, so the change is refused.
    assert result.code == 1
    assert result.err.splitlines()[0].endswith(
        "source racing-enemy: kind: must be one of primary, secondary, tertiary"
    )
    assert mine.read_text(encoding="utf-8") == before
    result = run(
        "add", "source", "--store", str(mine), "--type", "book", "--title", "Racing the Enemy",
        "--author", "Hasegawa, Tsuyoshi", "--author", "Harvard University", "--issued", "2005",
        "--set", "number-of-pages=382",
    )  # fmt: skip
    assert (result.code, result.out, result.err) == (0, f"added source racing-enemy to {mine}\n", "")
    result = run(
        "add", "event", "--store", str(mine), "--title", "The pact is signed",
        "--when", "1941-04-13T14:30:00",
        "--zone", "Europe/Moscow", "--source", "racing-enemy:p. 13", "--tag", "pact", "--place", "Kremlin",
        "--participant", "Molotov", "--participant", "Matsuoka", "--summary", "Signed in the Kremlin.",
        "--claim", "1941-04-14;example-source:p. 2;Gives the next day, the date of the announcement.",
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    text = mine.read_text(encoding="utf-8")
    data = tomli.loads(text)
    assert data["sources"][-1] == {
        "id": "racing-enemy",
        "type": "book",
        "title": "Racing the Enemy",
        "author": [{"family": "Hasegawa", "given": "Tsuyoshi"}, {"literal": "Harvard University"}],
        "issued": "2005",
        "number-of-pages": 382,
    }
    import datetime as dt

    assert data["events"][-1] == {
        "id": "pact-is-signed",
        "title": "The pact is signed",
        "start": dt.datetime(1941, 4, 13, 14, 30),
        "zone": "Europe/Moscow",
        "place": "Kremlin",
        "participants": ["Molotov", "Matsuoka"],
        "tags": ["pact"],
        "summary": "Signed in the Kremlin.",
        # "p. 13" is written as data: the place and its CSL label (docs/store-format.md, Locator labels)
        "sources": [{"id": "racing-enemy", "locator": "13", "label": "page"}],
        "disputes": [
            {
                "start": dt.date(1941, 4, 14),
                "sources": [{"id": "example-source", "locator": "2", "label": "page"}],
                "note": "Gives the next day, the date of the announcement.",
            }
        ],
    }
    # Everything that was there is still there, byte for byte: without the two new records, the file is
    # what it was.
    from pactcli.store import writer

    handle = writer.StoreFile(str(mine))
    span = handle.find("events", "pact-is-signed")
    assert span is not None
    text = handle.with_removed(span)
    span = handle.find("sources", "racing-enemy", text)
    assert span is not None
    assert handle.with_removed(span, text) == before
    # The index cache is keyed by content: the next command sees the new event at once.
    shown = run("--store", str(mine), "event", "pact-is-signed", "--format", "json")
    assert json.loads(shown.out)["start_utc"] == "1941-04-13T11:30:00Z"


def test_the_index_cache_sees_each_change_at_once(run, mine: Path) -> None:
    def ids() -> list[str]:
        result = run("--store", str(mine), "timeline", "--format", "json")
        return [e["id"] for e in json.loads(result.out)]

    assert ids() == ["example-event"]
    add = ["add", "event", "--store", str(mine), "--title", "Later", "--when", "2002", "--zone", "UTC"]
    assert run(*add, "--source", "example-source").code == 0
    assert ids() == ["example-event", "later"]


def test_ids_are_suggested_unique_across_loaded_stores(run, mine: Path) -> None:
    args = ["add", "event", "--title", "An example event!", "--when", "2003", "--zone", "UTC"]
    result = run("--store", str(mine), *args, "--source", "example-source")
    assert result.out == f"added event example-event-2 to {mine}\n"


def test_target_rules(run, mine: Path, tmp_path: Path) -> None:
    args = ["add", "event", "--title", "T", "--when", "2003", "--zone", "UTC", "--source", "example-source"]
    none = run(*args)
    assert (none.code, none.err) == (
        2,
        "pactcli: --store: give the store file to change (none is selected)\n",
    )
    other = tmp_path / "other.toml"
    other.write_bytes(MINI.read_bytes())
    two = run("--store", str(mine), "--store", str(other), *args)
    assert two.err == "pactcli: --store: give the store file to change (2 are selected)\n"
    embedded = run(*args, "--store", "@embedded")
    assert embedded.err == (
        "pactcli: @embedded: the embedded store is read-only (start your own with 'pactcli new')\n"
    )
    # With the embedded store selected too, the one writable store is the target, checked with both.
    both = run("--store", "@embedded", "--store", str(mine), *args[:-1], "neutrality-pact-1941")
    assert both.code == 0, both.err


def test_missing_fields_are_a_usage_error_without_a_terminal(run, mine: Path) -> None:
    result = run("add", "event", "--store", str(mine), "--title", "T")
    assert (result.code, result.err) == (
        2,
        "pactcli: --when: required (standard input is not a terminal, so pactcli cannot ask)\n",
    )


def test_on_a_terminal_missing_fields_are_asked_with_the_stores_checks(run, mine: Path, monkeypatch) -> None:
    monkeypatch.setattr("pactcli.cli.writing.is_terminal", lambda: True)
    answers = "\n".join(
        [
            "Signed",
            "",
            "1941-02-30",
            "1941-04-13",
            "Europe/Moskva",
            "Europe/Moscow",
            "nope",
            "example-source:9",
        ]
    )
    result = run("add", "event", "--store", str(mine), stdin=answers + "\n")
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        "  1941-02-30 does not exist (Feb has 28 days)",
        "  unknown zone 'Europe/Moskva'; did you mean 'Europe/Minsk', 'Europe/Moscow', 'Europe/Monaco'?",
        "  no source 'nope' in the store",
    ]
    event = tomli.loads(mine.read_text(encoding="utf-8"))["events"][-1]
    assert (event["id"], event["zone"], event["sources"]) == (
        "signed",
        "Europe/Moscow",
        [{"id": "example-source", "locator": "9"}],
    )


def test_add_dry_run_writes_nothing(run, mine: Path) -> None:
    before = mine.read_bytes()
    result = run("add", "source", "--store", str(mine), "--type", "webpage", "--title", "Avalon", "--dry-run")
    assert (
        result.out
        == '[[sources]]\nid = "avalon"\ntype = "webpage"\ntitle = "Avalon"\n(dry run: nothing written)\n'
    )
    assert mine.read_bytes() == before


# --- import ---------------------------------------------------------------------------------------------


def _csl_variables(item: dict[str, object]) -> dict[str, object]:
    """An item without its id, with Zotero's numeric strings in date-parts read as the numbers they are."""
    out = {k: v for k, v in item.items() if k != "id"}
    for key, value in out.items():
        if isinstance(value, dict) and "date-parts" in value:
            out[key] = {**value, "date-parts": [[int(n) for n in part] for part in value["date-parts"]]}
    return out


def test_zotero_round_trip_keeps_every_csl_variable(run, mine: Path) -> None:
    result = run("import", str(ZOTERO), "--into", str(mine))
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1] == "14 added, 0 already there"
    exported = json.loads(run("--store", str(mine), "cite", "--format", "csl-json").out)
    import jsonschema

    schema = json.loads((DATA / "citations" / "csl-data.json").read_text(encoding="utf-8"))
    jsonschema.validate(exported, schema)  # every date form is valid CSL-JSON on the way out
    by_title = {item["title"]: item for item in exported}
    zotero = json.loads(ZOTERO.read_text(encoding="utf-8"))
    types = {item["type"] for item in zotero}
    assert types >= {"book", "chapter", "article-journal", "thesis", "report", "motion_picture", "interview"}
    for item in zotero:
        assert _csl_variables(by_title[item["title"]]) == _csl_variables(item), item["title"]


def test_importing_twice_adds_nothing(run, mine: Path) -> None:
    assert run("import", str(ZOTERO), "--into", str(mine)).code == 0
    after_first = mine.read_bytes()
    again = run("import", str(ZOTERO), "--into", str(mine))
    assert again.out.splitlines()[-1] == "0 added, 14 already there"
    assert (
        "already there: http://zotero.org/users/8812345/items/PBY4E6NL is slavinsky-2015-soviet (same DOI)"
        in again.out
    )
    assert mine.read_bytes() == after_first


def test_dry_run_and_stdin(run, mine: Path) -> None:
    before = mine.read_bytes()
    text = ZOTERO.read_text(encoding="utf-8")
    result = run("import", "-", "--from", "csljson", "--into", str(mine), "--dry-run", stdin=text)
    assert (
        result.out.splitlines()[0]
        == "would add hasegawa-2005-racing: Racing the Enemy: Stalin, Truman, and the Surrender of Japan"
    )
    assert result.out.splitlines()[-1] == "14 would add, 0 already there (dry run)"
    assert mine.read_bytes() == before
    no_format = run("import", "-", "--into", str(mine), stdin=text)
    assert no_format.err == "pactcli: --from: needed when reading standard input (csljson, bibtex or ris)\n"


def test_collisions_are_renamed_and_reported(run, mine: Path, tmp_path: Path) -> None:
    items = [
        {"id": "example-source", "type": "book", "title": "A different book"},
        {"id": "Example_Source", "type": "book", "title": "Yet another"},
    ]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = run("import", str(path), "--into", str(mine))
    assert result.out.splitlines() == [
        "renamed: example-source becomes example-source-2 (example-source is taken by another source)",
        "renamed: Example_Source becomes example-source-3 (example-source is taken by another source)",
        "added example-source-2: A different book",
        "added example-source-3: Yet another",
        "2 added, 0 already there, 2 renamed",
    ]


def test_what_cannot_be_stored_is_reported_per_item(run, mine: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(
        '[\n  {"id": "a", "type": "book", "title": "A",\n'
        '   "custom": {"x": 1}, "author": [{"family": "F", "nick": "n"}]},\n'
        '  {"id": "b", "type": "dance", "title": "B", "volume": true}\n]\n',
        encoding="utf-8",
    )
    result = run("import", str(path), "--into", str(mine))
    assert result.code == 0
    assert result.err.splitlines() == [
        f"{path}:2: item a: custom: not a CSL variable the store holds; left out (warning)",
        f"{path}:2: item a: author: name part 'nick' left out (warning)",
        f"{path}:4: item b: type: 'dance' is not a CSL type; imported as document (warning)",
        f"{path}:4: item b: volume: expected text, got bool; left out (warning)",
    ]
    assert tomli.loads(mine.read_text(encoding="utf-8"))["sources"][-1] == {
        "id": "b",
        "type": "document",
        "title": "B",
    }


def test_bad_input_is_one_line_per_problem_and_nothing_written(run, mine: Path, tmp_path: Path) -> None:
    before = mine.read_bytes()
    path = tmp_path / "in.json"
    path.write_text(
        '[\n  {"type": "book", "title": "No id"},\n  {"id": "x", "type": "book", "title": "X",\n'
        '   "issued": {"date-parts": [[1945, 2, 30]]}},\n  {"id": "y", "type": "book"},\n  "text"\n]\n',
        encoding="utf-8",
    )
    result = run("import", str(path), "--into", str(mine))
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{path}:2: item 1: id: required: every CSL-JSON item needs an id",
        f"{path}:6: item 4: must be a CSL-JSON object {{ … }}",
        f"{path}:3: item x: issued: a date the store cannot hold: "
        "date-parts: February 1945 has no day 30 (it has 28 days)",
        f"{path}:5: item y: title: required: the store needs a title for every source",
        f"pactcli: 4 error(s) in {path}; nothing imported",
    ]
    assert mine.read_bytes() == before
    broken = tmp_path / "broken.json"
    broken.write_text('[\n {"id": "a",\n', encoding="utf-8")
    result = run("import", str(broken), "--into", str(mine))
    assert result.err.splitlines()[0].startswith(f"{broken}:3: not JSON: ")


def test_a_reader_that_is_not_installed_is_a_clear_error(
    run, mine: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "pactcli.sources.ris", None)  # as if the module did not exist
    path = tmp_path / "in.ris"
    path.write_text("TY  - BOOK\nER  - \n", encoding="utf-8")
    result = run("import", str(path), "--into", str(mine))
    assert (result.code, result.err) == (1, "pactcli: --from ris: this pactcli has no ris reader\n")


# --- edit -----------------------------------------------------------------------------------------------

EDITOR = """\
import pathlib, sys
path = pathlib.Path(sys.argv[1])
step = pathlib.Path(sys.argv[0]).with_suffix(".step")
n = int(step.read_text()) if step.exists() else 0
step.write_text(str(n + 1))
edits = {edits!r}
text = path.read_text(encoding="utf-8")
for old, new in edits[min(n, len(edits) - 1)]:
    text = text.replace(old, new)
path.write_text(text, encoding="utf-8")
"""


def _editor(tmp_path: Path, *edits: list[tuple[str, str]]) -> str:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.format(edits=list(edits)), encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_edit_changes_only_that_record(run, mine: Path, tmp_path: Path) -> None:
    before = mine.read_text(encoding="utf-8")
    editor = _editor(tmp_path, [('title = "An example event"', 'title = "A better title"')])
    result = run("edit", "example-event", "--store", str(mine), env={"EDITOR": editor, "VISUAL": ""})
    assert (result.code, result.out, result.err) == (0, f"saved event example-event in {mine}\n", "")
    assert mine.read_text(encoding="utf-8") == before.replace(
        'title = "An example event"', 'title = "A better title"'
    )


def test_edit_errors_then_abort_leave_the_file_byte_identical(run, mine: Path, tmp_path: Path) -> None:
    before = mine.read_bytes()
    editor = _editor(tmp_path, [("start = 2001-09-01", 'start = "2001-09-31"')])
    result = run("edit", "example-event", "--store", str(mine), env={"VISUAL": editor}, stdin="a\n")
    assert result.code == 1
    # Lines are the edited text's own (two comment lines, then the record), not the store file's.
    assert result.err.splitlines() == [
        "line 6: event example-event: start: 2001-09-31 does not exist (Sep has 30 days)",
        "Edit again (e) or abort (a)? [e] ",
        f"pactcli: edit aborted; {mine} unchanged",
    ]
    assert mine.read_bytes() == before


def test_edit_again_after_an_error(run, mine: Path, tmp_path: Path) -> None:
    editor = _editor(
        tmp_path,
        [('zone = "Europe/London"', 'zone = "Europe/Lodnon"')],
        [('zone = "Europe/Lodnon"', 'zone = "Europe/London"'), ("p. 12", "p. 13")],
    )
    result = run("edit", "example-event", "--store", str(mine), env={"VISUAL": editor}, stdin="e\n")
    assert result.code == 0, result.err
    assert "line 7: event example-event: zone: unknown zone 'Europe/Lodnon'" in result.err
    assert 'locator = "p. 13"' in mine.read_text(encoding="utf-8")


def test_edit_refuses_a_text_that_is_not_one_record(run, mine: Path, tmp_path: Path) -> None:
    before = mine.read_bytes()
    editor = _editor(tmp_path, [("[[events]]", "[[sources]]")])
    result = run("edit", "example-event", "--store", str(mine), env={"VISUAL": editor})
    assert "the text must be exactly one [[events]] table" in result.err
    assert mine.read_bytes() == before


def test_edit_unknown_id(run, mine: Path) -> None:
    result = run("edit", "nope", "--store", str(mine))
    assert (result.code, result.err) == (1, f"pactcli: no event, source or zone 'nope' in {mine}\n")


def test_only_the_group_or_command_named_is_built() -> None:
    from pactcli import cli

    needed = cli._commands_needed(["diff-dates", "a", "b"])
    assert cli._groups_needed(["diff-dates", "a", "b"], needed) == []
    needed = cli._commands_needed(["--store", "x.toml", "add", "event"])
    assert needed == []
    assert [g.name for g in cli._groups_needed(["--store", "x.toml", "add", "event"], needed)] == ["add"]
    assert cli._groups_needed(["--help"], cli._commands_needed(["--help"])) == cli.app.registered_groups


def test_edit_keeps_the_users_text_when_the_file_changed_meanwhile(run, mine: Path, tmp_path: Path) -> None:
    script = tmp_path / "racing_editor.py"
    script.write_text(
        "import os, pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "path.write_text(path.read_text().replace('p. 12', 'p. 99'))\n"
        "store = pathlib.Path(os.environ['OTHER_EDITOR_FILE'])\n"
        "store.write_text(store.read_text() + '# saved by another editor\\n')\n",
        encoding="utf-8",
    )
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    result = run(
        "edit", "example-event", "--store", str(mine), env={"VISUAL": editor, "OTHER_EDITOR_FILE": str(mine)}
    )
    assert result.code == 1
    message = result.err.splitlines()[-1]
    prefix = f"pactcli: {mine}: changed on disk since pactcli read it (another editor?); run again"
    prefix += "; nothing written"
    assert message.startswith(prefix + "; your edited text is in ")
    kept = Path(message.rsplit(" ", 1)[1])
    assert 'locator = "p. 99"' in kept.read_text(encoding="utf-8")
    kept.unlink()
    assert mine.read_text(encoding="utf-8").endswith("# saved by another editor\n")


def test_a_fifo_is_refused_before_it_is_read(run, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "store.toml"
    os.mkfifo(fifo)
    args = ["--title", "T", "--when", "2001", "--zone", "UTC", "--source", "s"]
    result = run("add", "event", "--store", str(fifo), *args)
    assert (result.code, result.err) == (1, f"pactcli: {fifo}: is not a regular file; nothing written\n")
    result = run("import", str(ZOTERO), "--into", str(fifo), "--dry-run")
    assert result.err == f"pactcli: {fifo}: is not a regular file; nothing written\n"


def test_same_title_is_not_enough_to_be_the_same_source(run, mine: Path, tmp_path: Path) -> None:
    items = [
        {"id": "a", "type": "webpage", "title": "Home", "URL": "https://a.example/"},
        {"id": "b", "type": "webpage", "title": "Home", "URL": "https://b.example/"},
        {
            "id": "c",
            "type": "book",
            "title": "Home",
            "author": [{"family": "X"}],
            "issued": {"date-parts": [[1990]]},
        },
        {
            "id": "d",
            "type": "book",
            "title": "Home",
            "author": [{"family": "X"}],
            "issued": {"date-parts": [[1991]]},
        },
        {
            "id": "e",
            "type": "book",
            "title": "home ",
            "author": [{"family": "x"}],
            "issued": {"date-parts": [[1991]]},
        },
    ]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = run("import", str(path), "--into", str(mine))
    assert result.out.splitlines()[0] == "already there: e is d (same title, year and first author)"
    assert result.out.splitlines()[-1] == "4 added, 1 already there"


def test_set_gives_any_field_whole_but_never_twice(run, mine: Path) -> None:
    base = ["add", "event", "--store", str(mine), "--title", "Q", "--when", "2001", "--zone", "UTC"]
    result = run(*base, "--set", 'sources=[{ id = "example-source", locator = "p. 3" }]', "--dry-run")
    assert 'sources = [{id = "example-source", locator = "p. 3"}]' in result.out.splitlines()
    twice = run(*base, "--source", "example-source", "--set", 'tags=["a"]', "--tag", "b")
    assert (twice.code, twice.err) == (2, "pactcli: --set: tags given twice (it has its own option)\n")
    both = run(*base, "--source", "example-source", "--set", "sources=[]")
    assert both.err == "pactcli: --set: sources given twice (with --source and --set)\n"


def test_an_import_the_store_would_refuse_writes_nothing(run, mine: Path, monkeypatch) -> None:
    # Whatever the importer lets through, the whole store is validated before writing (as for add and edit).
    from pactcli.errors import Problem
    from pactcli.store import writer

    before = mine.read_bytes()
    refused = [Problem(str(mine), 40, "source hasegawa-2005-racing", "title", "a rule the importer missed")]
    monkeypatch.setattr(writer.StoreFile, "problems", lambda self, text, selection: refused)
    result = run("import", str(ZOTERO), "--into", str(mine))
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{mine}:40: source hasegawa-2005-racing: title: a rule the importer missed",
        f"pactcli: {mine}: the imported sources would make the store invalid "
        "(the lines above are those of the file as it would have been written); nothing written",
    ]
    assert mine.read_bytes() == before


@pytest.mark.parametrize(
    ("editor", "code", "message"),
    [
        ("{python} -c 'import sys; sys.exit(3)'", 1, "pactcli: the editor exited with 3; nothing written"),
        (
            "nope-editor-xyz",
            1,
            "pactcli: cannot start the editor 'nope-editor-xyz': No such file or directory",
        ),
        (
            "{python} -c 'import sys; open(sys.argv[1], \"w\").close()'",
            1,
            "pactcli: edit aborted (the text was emptied); {mine} unchanged",
        ),
        ("{python} -c 'pass'", 0, "no changes to event example-event"),
        ("'unbalanced", 1, 'pactcli: $VISUAL/$EDITOR: cannot read "\'unbalanced" as a command'),
    ],
    ids=["exit-3", "missing", "emptied", "unchanged", "bad-quoting"],
)
def test_editor_failures_leave_the_file_alone(run, mine: Path, editor: str, code: int, message: str) -> None:
    before = mine.read_bytes()
    command = editor.format(python=shlex.quote(sys.executable))
    result = run("edit", "example-event", "--store", str(mine), env={"VISUAL": command})
    assert result.code == code
    assert (result.out + result.err).splitlines()[-1] == message.format(mine=mine)
    assert mine.read_bytes() == before
