"""Build the compact 2025 administrative-units file the address picker reads.

The source is the shared data set ``admin-units-2025/merges.json`` (new units
with the old units merged into each); only the new units are kept::

    {province_code: {"name": ..., "communes": {commune_code: name}}}

Run from the repository root (the MIT notice is copied next to the output)::

    .venv/bin/python -m builder.admin_units [SOURCE_DIR]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import orjson

from runtime.paths import PROJECT_ROOT

DEFAULT_SOURCE = PROJECT_ROOT.parent / "shared" / "data" / "admin-units-2025"
TARGET = PROJECT_ROOT / "runtime" / "forms" / "data"
OUTPUT = "admin_units_2025.json"
LICENCE = "LICENSE.admin-units"
SOURCE_NOTE = """# Administrative units (1 July 2025)

`admin_units_2025.json` lists the 34 provinces and their communes/wards after the
1 July 2025 reorganisation: `{province_code: {name, communes: {commune_code: name}}}`,
codes being the national statistics office's unit codes (2 and 5 digits).

Derived by `builder/admin_units.py` from `merges.json` of the public repository
dvhcvn/20250701 (commit dd94887c, 2025-07-12), MIT licence: see `LICENSE.admin-units`,
which must stay next to the data wherever it is shipped. Only the new units are kept.
"""


def derive(merges: dict[str, Any]) -> dict[str, Any]:
    """The compact mapping from the source's ``data`` list, sorted by code."""
    out: dict[str, Any] = {}
    for province in sorted(merges["data"], key=lambda p: p["level1_id"]):
        communes = {c["level2_id"]: c["name"] for c in sorted(
            province["level2s"], key=lambda c: c["level2_id"])}
        out[province["level1_id"]] = {"name": province["name"], "communes": communes}
    return out


def build(source: Path = DEFAULT_SOURCE, target: Path = TARGET) -> Path:
    """Write the derived file, its licence and its source note into ``target``."""
    merges = orjson.loads((source / "merges.json").read_bytes())
    target.mkdir(parents=True, exist_ok=True)
    path = target / OUTPUT
    path.write_bytes(orjson.dumps(derive(merges), option=orjson.OPT_SORT_KEYS) + b"\n")
    shutil.copyfile(source / "LICENSE", target / LICENCE)
    (target / "SOURCE.md").write_text(SOURCE_NOTE, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = build(Path(args[0]) if args else DEFAULT_SOURCE)
    units = orjson.loads(path.read_bytes())
    communes = sum(len(p["communes"]) for p in units.values())
    print(f"{path}: {len(units)} provinces, {communes} communes")


if __name__ == "__main__":
    main()
