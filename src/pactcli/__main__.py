"""``python -m pactcli``: the same entry point as the installed ``pactcli`` script."""

from pactcli.entry import main

main()
