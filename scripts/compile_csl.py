"""Write the compiled forms of the bundled CSL styles and locales (src/pactcli/csl/compiled/).

    python scripts/compile_csl.py

Run it after changing a bundled style or locale, or the parser (csl/xmltree.py, csl/style.py,
csl/locale.py, csl/compiled.py): until then the changed files are parsed from their XML (correct, only
slower) and tests/test_csl_compiled.py fails, naming what is stale. Each compiled file is named by the
BLAKE2b digest of its XML text; files that no bundled XML matches are removed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pactcli.csl import compiled  # noqa: E402
from pactcli.csl.locale import PACKAGE_LOCALES, read_locale  # noqa: E402
from pactcli.csl.style import parse_style  # noqa: E402
from pactcli.csl.xmltree import parse_xml  # noqa: E402

STYLES = ROOT / "src" / "pactcli" / "csl" / "styles"


def main() -> None:
    compiled.COMPILED_DIR.mkdir(exist_ok=True)
    wanted: set[Path] = set()
    styles = []
    for path in sorted(STYLES.glob("*.csl")):
        text = path.read_text(encoding="utf-8")
        style = parse_style(text, path.stem)
        styles.append((text, style))
        wanted.add(compiled.write(text, compiled.style_data(style)))
    wanted.add(compiled.write_facts(styles))
    for path in sorted(PACKAGE_LOCALES.glob("locales-*.xml")):
        text = path.read_text(encoding="utf-8")
        wanted.add(
            compiled.write(text, compiled.locale_data(read_locale(parse_xml(text, str(path)), str(path))))
        )
    removed = 0
    for stale in compiled.COMPILED_DIR.glob("*.json"):
        if stale not in wanted:
            stale.unlink()
            removed += 1
    where = compiled.COMPILED_DIR.relative_to(ROOT)
    print(f"{len(wanted)} compiled files in {where}; {removed} stale removed")


if __name__ == "__main__":
    main()
