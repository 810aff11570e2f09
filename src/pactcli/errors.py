"""The one exception tree of pactcli.

Every error a user can cause is a :class:`PactError`. The CLI catches it once, prints ``pactcli: <message>``
on stderr as a single line and exits with the class's ``exit_code``; anything else is a bug.
"""

from __future__ import annotations


class PactError(Exception):
    """Base class: an error meant for the user, printed as one line."""

    exit_code = 1


class UsageError(PactError):
    """A command-line argument is malformed or out of range (exit 2)."""

    exit_code = 2


class StoreError(PactError):
    """A store file cannot be read, parsed or validated (exit 1)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].line() if problems else "invalid store"
        more = f" (and {len(problems) - 1} more; run 'pactcli validate')" if len(problems) > 1 else ""
        super().__init__(first + more)


class WriteRefused(PactError):
    """A change to a store file was refused and nothing was written (exit 1); ``problems`` says why."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = problems or []
        super().__init__(message)


class LookupFailed(PactError):
    """An ID or name given by the user is not in the store (exit 1)."""


class WriteFailed(PactError):
    """A file the user asked for cannot be written (exit 1); nothing is left half-written."""


class Problem:
    """One validation finding: ``FILE:LINE: RECORD: FIELD: message``."""

    __slots__ = ("field", "line_no", "message", "path", "record", "severity")

    def __init__(
        self,
        path: str,
        line_no: int,
        record: str,
        field: str,
        message: str,
        severity: str = "error",
    ) -> None:
        self.path = path
        self.line_no = line_no
        self.record = record
        self.field = field
        self.message = message
        self.severity = severity

    def line(self) -> str:
        parts = [f"{self.path}:{self.line_no}" if self.line_no else self.path]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        return text if self.severity == "error" else f"{text} ({self.severity})"

    def __repr__(self) -> str:
        return f"Problem({self.line()!r})"


class StyleError(PactError):
    """A CSL style, locale or item cannot be read, parsed or used (exit 2): names the file and line."""

    exit_code = 2

    def __init__(self, source: str, line: int, message: str) -> None:
        self.source = source
        self.line_no = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")
