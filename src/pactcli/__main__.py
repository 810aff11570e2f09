"""``python -m pactcli``."""

import os
import signal


def _interrupted(signum: int, frame: object) -> None:
    # Ctrl-C while the CLI's dependencies are still being imported: one line, no traceback, exit 130.
    os.write(2, b"pactcli: interrupted\n")
    os._exit(130)


signal.signal(signal.SIGINT, _interrupted)

from pactcli.cli import main  # noqa: E402 - after the handler, so an early Ctrl-C is handled too

signal.signal(signal.SIGINT, signal.default_int_handler)  # from here on main() turns it into exit 130
main()
