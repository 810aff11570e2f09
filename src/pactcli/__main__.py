"""``python -m pactcli``."""

from pactcli.cli import main

main()
