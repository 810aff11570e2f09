"""``python tests/hostile/unchecked.py ARGS``: pactcli with the store character check turned off.

For the ``unchecked/`` fixtures only (tests/conftest.py says why): they carry what the validator refuses, so
that the output layer's escaping can be tested on its own, end to end, as a real process. The index cache is
off too, so nothing loaded this way can be read back by an ordinary run.
"""

from __future__ import annotations

import os
import sys

os.environ["PACTCLI_NO_CACHE"] = "1"

from pactcli.cli import main
from pactcli.store import parse as store

store._check_strings = lambda *args: None  # type: ignore[assignment]

if __name__ == "__main__":
    main(sys.argv[1:])
