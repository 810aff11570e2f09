"""Run pactcli in a pseudo-terminal of a given size and return what a user would see, escapes removed.

Used by the golden transcripts (tests/test_golden.py, scripts/update_golden.py): pactcli must believe it
writes to a terminal, since wrapping, borders and paging depend on that.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Mapping

# SGR and other CSI sequences, OSC sequences (hyperlinks, titles): what the screen shows is the text.
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def run_in_terminal(
    args: list[str], columns: int, lines: int = 40, env: Mapping[str, str] | None = None, timeout: float = 60
) -> tuple[int, str]:
    """``pactcli ARGS`` on a ``columns`` x ``lines`` terminal: (exit code, screen text without escapes)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COLUMNS", "LINES", "NO_COLOR", "PAGER", "PACTCLI_PAGER", "LESS", "PACTCLI_STORE")
    }
    environ.update({"TERM": "xterm-256color", "LC_ALL": "C.UTF-8", **(env or {})})
    process = subprocess.Popen(
        [sys.executable, "-m", "pactcli", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=environ,
        close_fds=True,
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            process.kill()
            raise TimeoutError(f"pactcli {' '.join(args)} did not finish")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    code = process.wait(timeout)
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return code, _ESCAPES.sub("", text)
