"""pactcli: a sourced chronology of the Soviet-Japanese Neutrality Pact, in every capital's clock."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
