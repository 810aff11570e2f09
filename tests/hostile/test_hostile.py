"""Run every row of ``cases.toml`` as a real ``python -m pactcli`` process and check what it promises.

Every row, whatever its category:

* the exit code is the row's ``exit``;
* a failing run (exit ≠ 0) writes exactly one line on stderr, starting with ``pactcli:`` and matching the
  row's ``stderr`` pattern (``validate`` rows list every line in ``stderr_lines``); a run that succeeds
  writes nothing on stderr unless the row says what;
* the word ``Traceback`` appears nowhere;
* every store file the run read is byte-for-byte unchanged (sha256 before and after);
* stdout carries no raw ESC, C1 control (U+0080–U+009F), bidi embedding/override/isolate (U+202A–U+202E,
  U+2066–U+2069) or other C0 control, in every format; format-specific checks (CSV/TSV formula cells,
  JSON, BibTeX, RIS) run on the formats that have them.

Ordinary rows run concurrently (each in its own process and temporary directory); ``kind`` rows (closed
pipe, SIGINT, cache, a store changed between runs) need their own choreography and run one at a time.
See docs/hostile-input.md for the row format.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from pactcli import cli
from pactcli.citations.styles import bundled_names

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).parent
DATA = HERE.parent / "data"
TABLE = HERE / "cases.toml"
CASES: list[dict[str, Any]] = tomllib.loads(TABLE.read_text(encoding="utf-8"))["case"]

# "@name" in a row's matrix stands for every value the CLI offers, so a new format is covered automatically.
CHOICES: dict[str, list[str]] = {
    "@timeline-formats": [f.value for f in cli.timeline.TimelineFormat],
    "@event-formats": [f.value for f in cli.event.EventFormat],
    "@diff-formats": [f.value for f in cli.diff_dates.DiffFormat],
    "@cite-styles": ["chicago", "mla", *bundled_names()],
    "@cite-formats": [f.value for f in cli.cite.CiteFormat],
    "@calendars": [c.value for c in cli.common.Calendar],
}

# Characters that must never reach stdout raw: C0 controls except tab and newline (CR only in CRLF), DEL,
# C1 controls, bidi embeddings, overrides and isolates.
RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@")
GENERATORS = ("deep-arrays", "deep-inline-tables", "deep-table-headers", "sparse-100mb", "many-events")
TIMEOUT = 60


# --- expanding rows --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Variant:
    """One process to run: a row with its matrix values filled in."""

    row: dict[str, Any]
    values: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        suffix = ",".join(v for _, v in self.values)
        return f"{self.row['id']}[{suffix}]" if suffix else str(self.row["id"])


def _expand(row: dict[str, Any]) -> list[Variant]:
    matrix: dict[str, list[str]] = row.get("matrix", {})
    names = list(matrix)
    pools = [[v for item in matrix[n] for v in CHOICES.get(item, [item])] for n in names]
    return [Variant(row, tuple(zip(names, combo, strict=True))) for combo in itertools.product(*pools)]


ALL = [v for row in CASES for v in _expand(row)]
PLAIN = [v for v in ALL if "kind" not in v.row]
SPECIAL = [row for row in CASES if "kind" in row]


# --- preparing a run -------------------------------------------------------------------------------------

_REPEAT = re.compile(r"<<(.+?)\*(\d+)>>", re.DOTALL)


def _macros(text: str) -> str:
    """``<<A*5000>>`` → 5,000 ``A``s: long values without a 5,000-character line in the table."""
    return _REPEAT.sub(lambda m: m.group(1) * int(m.group(2)), text)


def _generate(kind: str, path: Path) -> None:
    if kind == "deep-arrays":
        path.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    elif kind == "deep-inline-tables":
        path.write_text("x = " + "{ a = " * 5_000 + "1" + " }" * 5_000 + "\n", encoding="utf-8")
    elif kind == "deep-table-headers":
        path.write_text("[" + ".".join(["a"] * 20_000) + "]\nx = 1\n", encoding="utf-8")
    elif kind == "sparse-100mb":
        with path.open("wb") as handle:
            handle.truncate(100 * 1024 * 1024)  # 100 MB of zero bytes, sparse on disk
    elif kind == "many-events":
        parts = ['[[sources]]\nid = "s1"\ntype = "book"\ntitle = "A Book"\n']
        for n in range(3_000):
            parts.append(
                f'\n[[events]]\nid = "event-{n:04d}"\ntitle = "Event number {n} with a long enough title"\n'
                f'start = 1941-04-13\nzone = "Europe/Moscow"\nsources = [{{ id = "s1" }}]\n'
            )
        path.write_text("".join(parts), encoding="utf-8")
    else:  # pragma: no cover - a typo in the table
        raise AssertionError(f"unknown generator {kind!r}; known: {GENERATORS}")


@dataclasses.dataclass
class Prepared:
    argv: list[str]
    env: dict[str, str]
    stdin: bytes | None
    places: dict[str, str]
    watched: dict[Path, str]  # store files the run may read → sha256 before the run


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _prepare(variant: Variant, tmp: Path) -> Prepared:
    row = variant.row
    store = tmp / str(row.get("store_name", "store.toml"))
    places = {
        "tmp": str(tmp),
        "store": str(store),
        "data": str(DATA),
        "hostile": str(DATA / "unchecked" / "hostile.toml"),
        "mini": str(DATA / "valid" / "mini.toml"),
        "cache": str(tmp / "cache"),
        **dict(variant.values),
    }
    if "fixture" in row:
        store.write_bytes((DATA / row["fixture"]).read_bytes())
    elif "generate" in row:
        _generate(row["generate"], store)
    elif "store" in row or "store_prefix_hex" in row or "store_suffix_hex" in row:
        text = _macros(row.get("store", ""))
        for key, value in variant.values:  # a matrix value in the store text: {name}, {place}
            text = text.replace("{" + key + "}", value)
        store.write_bytes(
            bytes.fromhex(row.get("store_prefix_hex", ""))
            + text.encode(row.get("store_encoding", "utf-8"))
            + bytes.fromhex(row.get("store_suffix_hex", ""))
        )
    setup = row.get("setup")
    if setup == "chmod-000":
        store.chmod(0)
    elif setup == "plain-file":
        (tmp / "plain").write_text("not a directory\n", encoding="utf-8")
    elif setup == "fifo":
        store.unlink(missing_ok=True)
        os.mkfifo(store)  # no writer: opening it for reading would block forever without O_NONBLOCK
    elif setup is not None:  # pragma: no cover - a typo in the table
        raise AssertionError(f"unknown setup {setup!r}")
    argv = [_macros(a).format(**places) for a in row["argv"]]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "COLUMNS": "100",
        "LINES": "40",
        "NO_COLOR": "1",
        "PACTCLI_CACHE_DIR": str(tmp / "cache"),
        "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
    }
    for key in ("PYTHONPATH", "SYSTEMROOT", "LANG", "LC_ALL"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update({k: _macros(v).format(**places) for k, v in row.get("env", {}).items()})
    stdin = _macros(row["stdin"]).encode("utf-8") if "stdin" in row else None
    watched = {p: _sha(p) for p in _store_files(argv, env, store) if p.is_file()}
    return Prepared(argv, env, stdin, places, watched)


def _store_files(argv: list[str], env: dict[str, str], store: Path) -> Iterator[Path]:
    yield store
    for flag, value in itertools.pairwise(argv):
        if flag == "--store" and not value.startswith("/dev/") and not value.startswith("/proc/"):
            yield Path(value)
    if "validate" in argv:
        for value in argv[argv.index("validate") + 1 :]:
            if not value.startswith(("-", "/dev/", "/proc/")):
                yield Path(value)
    for value in env.get("PACTCLI_STORE", "").split(os.pathsep):
        if value:
            yield Path(value)
    yield DATA / "unchecked" / "hostile.toml"
    yield DATA / "valid" / "mini.toml"


def _command(argv: list[str], row: dict[str, Any] | None = None) -> list[str]:
    # An unchecked/ fixture holds what the validator refuses: run it past the check (unchecked.py says why).
    if row is not None and str(row.get("fixture", "")).startswith("unchecked/"):
        return [sys.executable, str(HERE / "unchecked.py"), *argv]
    return [sys.executable, "-m", "pactcli", *argv]


# --- running ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    variant: Variant
    prepared: Prepared
    code: int
    out: bytes
    err: bytes
    seconds: float


def _run(variant: Variant, tmp: Path) -> Outcome:
    prepared = _prepare(variant, tmp)
    started = time.monotonic()
    proc = subprocess.run(
        _command(prepared.argv, variant.row),
        input=prepared.stdin,
        stdin=None if prepared.stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        env=prepared.env,
        timeout=TIMEOUT,
        check=False,
    )
    return Outcome(variant, prepared, proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """The selected ordinary rows, run concurrently once per session (each is its own process)."""
    selected = {
        item.callspec.params["variant"].key
        for item in request.session.items
        if hasattr(item, "callspec") and "variant" in item.callspec.params
    }

    def one(variant: Variant) -> Outcome:
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", variant.key)[:60]
        return _run(variant, tmp_path_factory.mktemp(name))

    workers = min(16, (os.cpu_count() or 2) * 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return {o.variant.key: o for o in pool.map(one, [v for v in PLAIN if v.key in selected])}


# --- checking --------------------------------------------------------------------------------------------


def _pattern(row: dict[str, Any], text: str, places: dict[str, str]) -> str:
    """Fill ``{store}``, ``{tmp}``… into a regular expression, escaped."""
    escaped = {k: re.escape(v) for k, v in places.items()}
    return re.sub(r"\{(\w+)\}", lambda m: escaped.get(m.group(1), m.group(0)), text)


def _check_common(outcome: Outcome) -> None:
    row, prepared = outcome.variant.row, outcome.prepared
    err = outcome.err.decode("utf-8", "replace")
    out = outcome.out.decode("utf-8", "replace")
    where = f"{outcome.variant.key}: exit {outcome.code}, stderr {err!r}"
    assert "Traceback" not in err and "Traceback" not in out, where
    assert outcome.code == row["exit"], where
    lines = err.splitlines()
    if "stderr_lines" in row:
        patterns = [_pattern(row, p, prepared.places) for p in row["stderr_lines"]]
        assert len(lines) == len(patterns), where
        for line, pattern in zip(lines, patterns, strict=True):
            assert re.fullmatch(pattern, line), f"{outcome.variant.key}\n got:  {line}\n want: {pattern}"
        assert lines[-1].startswith("pactcli: "), where
    elif outcome.code != 0:
        assert err.endswith("\n") and len(lines) == 1, f"{where}: want exactly one line"
        assert lines[0].startswith("pactcli: "), where
        pattern = _pattern(row, row["stderr"], prepared.places)
        assert re.fullmatch(pattern, lines[0]), f"{outcome.variant.key}\n got:  {lines[0]}\n want: {pattern}"
    else:
        pattern = _pattern(row, row.get("stderr", ""), prepared.places)
        assert re.fullmatch(pattern, err.rstrip("\n"), re.DOTALL), where
    assert RAW_UNSAFE.search(err) is None, f"{where}: raw control character on stderr"
    for path, digest in prepared.watched.items():
        assert path.is_file() and _sha(path) == digest, f"{outcome.variant.key}: {path} was changed"


def _check_stdout(outcome: Outcome) -> None:
    row = outcome.variant.row
    key = outcome.variant.key
    text = outcome.out.decode("utf-8")  # stdout is always UTF-8
    argv = outcome.prepared.argv
    fmt = argv[argv.index("--format") + 1] if "--format" in argv else "table"
    crlf = fmt in ("csv", "ics")
    bare = text.replace("\r\n", "\n") if crlf else text
    found = RAW_UNSAFE.search(bare)
    assert found is None, f"{key}: raw {found.group()!r} in stdout" if found else ""
    if "stdout_lines" in row:
        patterns = [_pattern(row, p, outcome.prepared.places) for p in row["stdout_lines"]]
        got = text.splitlines()
        assert len(got) == len(patterns), f"{key}: stdout {got!r}"
        for line, pattern in zip(got, patterns, strict=True):
            assert re.fullmatch(pattern, line), f"{key}\n got:  {line}\n want: {pattern}"
    for needle in row.get("stdout_contains", []):
        assert _macros(needle).format(**outcome.prepared.places) in text, (key, needle)
    for needle in row.get("stdout_lacks", []):
        assert _macros(needle) not in text, (key, needle)
    if outcome.code != 0 or not row.get("check_format", False):
        return
    checker = FORMAT_CHECKS.get(fmt)
    if checker is not None:
        checker(text, row)


def _cells_safe(cells: list[str], where: str) -> None:
    import unicodedata

    for cell in cells:
        if cell.startswith("'"):
            continue
        # What a spreadsheet sees: leading spaces (also NBSP, ideographic) skipped, full-width forms folded.
        lead = cell.lstrip(" \u00a0\u3000\u2000\u2001\u2002\u2003\u2009\u202f")
        first = unicodedata.normalize("NFKC", lead[:1])
        assert not first.startswith(FORMULA_START), f"{where}: formula cell {cell!r}"
        assert not cell.startswith(("\t", "\r", "\n")), f"{where}: formula cell {cell!r}"


def _check_csv(text: str, row: dict[str, Any]) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + row.get("records", len(rows) - 1)
    for cells in rows:
        _cells_safe(cells, "csv")


def _check_tsv(text: str, row: dict[str, Any]) -> None:
    rows = [line.split("\t") for line in text.splitlines()]
    assert len({len(r) for r in rows}) == 1, "every TSV row has the same number of cells"
    assert len(rows) == 1 + row.get("records", len(rows) - 1)
    for cells in rows:
        _cells_safe(cells, "tsv")


def _check_json(text: str, row: dict[str, Any]) -> None:
    data = json.loads(text)
    if "records" in row and isinstance(data, list):
        assert len(data) == row["records"]


def _check_jsonl(text: str, row: dict[str, Any]) -> None:
    lines = text.splitlines()
    for line in lines:
        json.loads(line)
    assert len(lines) == row.get("records", len(lines))


def _check_bibtex(text: str, row: dict[str, Any]) -> None:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert len(library.entries) == row.get("records", len(library.entries))
    for entry in library.entries:
        for fld in entry.fields:
            value = str(fld.value)
            assert value.count("{") == value.count("}"), (entry.key, fld.key, value)
            # Every backslash starts a LaTeX command (\textbackslash{}, \&, …): none is a stray one.
            for match in re.finditer(r"\\(.)", value):
                assert match.group(1).isalpha() or match.group(1) in "&%$#_", (entry.key, fld.key, value)


_RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - .*")


def _check_ris(text: str, row: dict[str, Any]) -> None:
    records, current = 0, 0
    for line in text.splitlines():
        if not line:
            continue
        assert _RIS_LINE.fullmatch(line), f"not a RIS tag line: {line!r}"
        if line.startswith("TY  - "):
            assert current == 0, "TY inside a record"
            current = 1
        elif line.startswith("ER  - "):
            assert current == 1 and line == "ER  - ", f"record terminator inside a field: {line!r}"
            current, records = 0, records + 1
    assert current == 0
    assert records == row.get("records", records)


FORMAT_CHECKS = {
    "csv": _check_csv,
    "tsv": _check_tsv,
    "json": _check_json,
    "csl-json": _check_json,
    "timelinejs": _check_json,
    "jsonl": _check_jsonl,
    "bibtex": _check_bibtex,
    "ris": _check_ris,
}


# --- the table -------------------------------------------------------------------------------------------


def test_table_is_big_and_well_formed() -> None:
    assert len(CASES) >= 40
    ids = [row["id"] for row in CASES]
    assert len(ids) == len(set(ids)), "row ids must be unique"
    known = {"id", "category", "argv", "exit", "stderr", "stderr_lines", "note", "fixture", "generate"}
    known |= {"store", "store_name", "store_encoding", "store_prefix_hex", "store_suffix_hex", "setup"}
    known |= {"env", "stdin", "matrix", "stdout_contains", "stdout_lacks", "check_format", "records", "kind"}
    known |= {"root_skip", "setup_cache", "old_title", "new_title", "keep_mtime", "delay", "stdout_lines"}
    known |= {"during_import"}
    for row in CASES:
        assert set(row) <= known, (row["id"], set(row) - known)
        assert row["category"] in {"files", "store", "arguments", "output", "process"}, row["id"]
        assert isinstance(row["exit"], int), row["id"]
        if row["exit"] != 0 and "stderr_lines" not in row:
            assert row["stderr"].startswith("pactcli: "), row["id"]


def test_readme_exit_codes_match_the_table() -> None:
    readme = (HERE.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)}
    asserted = {row["exit"] for row in CASES}
    # 70 (internal error) is documented but never expected: a row that exits 70 has found a bug.
    assert asserted == documented - {70}, (asserted, documented)


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        ("timeline", "@timeline-formats"),
        ("event", "@event-formats"),
        ("diff-dates", "@diff-formats"),
        ("cite", "@cite-formats"),
        ("cite", "@cite-styles"),
    ],
)
def test_every_output_format_has_a_row(command: str, choices: str) -> None:
    """A new --format or --style must get an output-safety row (a '@…' matrix covers it automatically)."""
    covered = {
        value
        for v in ALL
        if v.row["category"] == "output" and command in v.row["argv"]
        for _, value in v.values
    }
    assert set(CHOICES[choices]) <= covered, set(CHOICES[choices]) - covered


@pytest.mark.parametrize("variant", PLAIN, ids=[v.key for v in PLAIN])
def test_row(variant: Variant, outcomes: dict[str, Outcome]) -> None:
    if variant.row.get("root_skip") and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode; the /proc/self/mem row covers this as root")
    outcome = outcomes[variant.key]
    _check_common(outcome)
    _check_stdout(outcome)


# --- rows that need a choreography -----------------------------------------------------------------------


def _special(kind: str) -> list[dict[str, Any]]:
    return [row for row in SPECIAL if row["kind"] == kind]


def _assert_quiet_success(outcome: Outcome) -> None:
    _check_common(outcome)
    _check_stdout(outcome)


@pytest.mark.parametrize("row", _special("closed-pipe"), ids=lambda r: r["id"])
def test_closed_pipe(row: dict[str, Any], tmp_path: Path) -> None:
    """``pactcli … | head -1``: the reader goes away after one line; no traceback, no noise, exit 0."""
    variant = Variant(row)
    prepared = _prepare(variant, tmp_path)
    with subprocess.Popen(
        _command(prepared.argv, variant.row),
        stdin=subprocess.DEVNULL if prepared.stdin is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=prepared.env,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        if prepared.stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(prepared.stdin)  # smaller than a pipe buffer: cannot block
            proc.stdin.close()
        first = proc.stdout.readline()
        proc.stdout.close()  # the reader is gone; pactcli's next writes hit EPIPE
        err = proc.stderr.read()
        code = proc.wait(timeout=TIMEOUT)
    assert first, "pactcli printed nothing before the pipe closed"
    _assert_quiet_success(Outcome(variant, prepared, code, b"", err, 0.0))


# Put on the PYTHONPATH of a ``during_import`` row's process: tells the test, through a pipe, the moment the
# process starts importing a module, so that the signal lands in pactcli's start-up and not before it.
_IMPORT_HOOK = """\
import os, sys


class _Tell:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ.get("HOSTILE_TELL_IMPORT"):
            sys.meta_path.remove(self)
            fd = int(os.environ["HOSTILE_TELL_FD"])
            os.write(fd, b"!")
            os.close(fd)
        return None


sys.meta_path.insert(0, _Tell())
"""


@pytest.mark.parametrize("row", _special("sigint"), ids=lambda r: r["id"])
def test_sigint(row: dict[str, Any], tmp_path: Path) -> None:
    """Ctrl-C during start-up or while pactcli waits on standard input: exit 130, one line
    ``pactcli: interrupted``.

    A ``during_import`` row sends the signal once the process starts importing that module: a fixed delay
    after the start cannot say where the signal lands, and on a loaded machine it landed in the interpreter's
    own start-up (site, runpy), before any of pactcli's code had run (docs/hostile-input.md, *Ctrl-C*).
    """
    variant = Variant(row)
    prepared = _prepare(variant, tmp_path)
    env, told, fds = prepared.env, None, ()
    if "during_import" in row:
        hook = tmp_path / "import-hook"
        hook.mkdir()
        (hook / "sitecustomize.py").write_text(_IMPORT_HOOK, encoding="utf-8")
        told, tell = os.pipe()
        fds = (tell,)
        env = {
            **env,
            "PYTHONPATH": os.pathsep.join(p for p in (str(hook), env.get("PYTHONPATH", "")) if p),
            "HOSTILE_TELL_IMPORT": row["during_import"],
            "HOSTILE_TELL_FD": str(tell),
        }
    with subprocess.Popen(
        _command(prepared.argv, variant.row),
        stdin=subprocess.PIPE,  # left open: pactcli blocks reading it
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        pass_fds=fds,
    ) as proc:
        assert proc.stdin is not None
        if prepared.stdin:
            proc.stdin.write(prepared.stdin)
            proc.stdin.flush()
        if told is not None:
            os.close(fds[0])
            with os.fdopen(told, "rb") as reader:
                assert reader.read(1) == b"!", f"{row['id']}: {row['during_import']} was never imported"
            time.sleep(float(row.get("delay", 0)))
        else:
            # Start-up (imports) takes ~0.3 s on an idle machine; then pactcli blocks reading stdin.
            time.sleep(float(row.get("delay", 1.5)))
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=TIMEOUT)
    _check_common(Outcome(variant, prepared, proc.returncode, out, err, 0.0))


@pytest.mark.parametrize("row", _special("cache"), ids=lambda r: r["id"])
def test_unwritable_cache(row: dict[str, Any], tmp_path: Path) -> None:
    """A cache pactcli cannot write is not an error: the command still succeeds, with the same output."""
    variant = Variant(row)
    prepared = _prepare(variant, tmp_path)
    cache = Path(prepared.env["PACTCLI_CACHE_DIR"])
    if row["setup_cache"] == "read-only":
        cache.mkdir(parents=True, exist_ok=True)
        cache.chmod(0o555)
    elif row["setup_cache"] == "parent-is-file":
        (tmp_path / "file").write_text("a file, not a directory\n", encoding="utf-8")
        prepared.env["PACTCLI_CACHE_DIR"] = str(tmp_path / "file" / "cache")
        prepared.env["XDG_CACHE_HOME"] = str(tmp_path / "file" / "xdg")
    try:
        reference_env = {**prepared.env, "PACTCLI_CACHE_DIR": str(tmp_path / "fresh-cache")}
        reference = subprocess.run(
            _command(prepared.argv, variant.row),
            capture_output=True,
            env=reference_env,
            timeout=TIMEOUT,
            check=False,
        )
        for _ in range(2):  # twice: a first run might only try to write, a second to read
            proc = subprocess.run(
                _command(prepared.argv, variant.row),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                env=prepared.env,
                timeout=TIMEOUT,
                check=False,
            )
            _assert_quiet_success(Outcome(variant, prepared, proc.returncode, proc.stdout, proc.stderr, 0.0))
            assert proc.stdout == reference.stdout
    finally:
        if cache.is_dir():
            cache.chmod(0o755)


@pytest.mark.parametrize("row", _special("store-changed"), ids=lambda r: r["id"])
def test_store_changed_between_runs(row: dict[str, Any], tmp_path: Path) -> None:
    """Edit the store between two runs: the second run shows the new text, never a cached copy."""
    variant = Variant(row)
    prepared = _prepare(variant, tmp_path)
    store = Path(prepared.places["store"])
    if row.get("env", {}).get("PACTCLI_CACHE_DIR") == "":
        prepared.env.pop("PACTCLI_CACHE_DIR")  # the default location, under XDG_CACHE_HOME

    def run() -> Outcome:
        proc = subprocess.run(
            _command(prepared.argv, variant.row),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=prepared.env,
            timeout=TIMEOUT,
            check=False,
        )
        prepared.watched = {store: _sha(store)}
        return Outcome(variant, prepared, proc.returncode, proc.stdout, proc.stderr, 0.0)

    old, new = row["old_title"], row["new_title"]
    prepared.watched = {store: _sha(store)}
    first = run()
    _assert_quiet_success(first)
    assert old in first.out.decode("utf-8")
    before = store.stat()
    store.write_text(store.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if row.get("keep_mtime"):
        # The sneakiest edit: same size, same modification time. Only the bytes tell it apart.
        assert len(old.encode()) == len(new.encode())
        os.utime(store, ns=(before.st_atime_ns, before.st_mtime_ns))
    prepared.watched = {store: _sha(store)}
    second = run()
    _assert_quiet_success(second)
    text = second.out.decode("utf-8")
    assert new in text and old not in text, "stale: the store changed but the old title was shown"
