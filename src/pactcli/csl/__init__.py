"""pactcli.csl: a Citation Style Language 1.0.2 processor (a plain library: no Typer, no Rich).

>>> from pactcli.csl import Processor
>>> proc = Processor(style=xml_text, items=csl_json_items)  # doctest: +SKIP
>>> proc.cite_clusters([[{"id": "ITEM-1", "locator": "23"}]])  # doctest: +SKIP
"""

from pactcli.csl.processor import Processor
from pactcli.csl.style import Style, load_style, parse_style

__all__ = ["Processor", "Style", "load_style", "parse_style"]
