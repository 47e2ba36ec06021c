"""Build the compact pre-2025 → 2025 administrative-unit mapping old addresses are converted with.

The source is the shared data set ``admin-units-2025/splits.json`` (each of the 63 old
provinces and 10,047 old communes with the new units it went into)::

    {"provinces": {old_code: [name, new_code]},
     "communes": {old_code: [old_province_code, name, [new_commune_code, ...]]}}

Run from the repository root (the MIT notice is copied next to the output)::

    .venv/bin/python -m builder.old_units [SOURCE_DIR]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import orjson

from runtime.addresses.old_units import DATA_FILE

from .admin_units import DEFAULT_SOURCE, LICENCE

SOURCE_NOTE = """# Pre-2025 administrative units → 2025 units

`old_units_2025.json` maps each of the 63 old provinces to its new province and each of the
10,047 old communes to the new commune(s) it went into (460 were split across several):
`{provinces: {old_code: [name, new_code]}, communes: {old_code: [old_province, name, [new_codes]]}}`.

Derived by `builder/old_units.py` from `splits.json` of the public repository dvhcvn/20250701
(commit dd94887c, 2025-07-12), MIT licence: see `LICENSE.admin-units`, which must stay next to
the data wherever it is shipped. A commune split across several new ones is never guessed.
"""


def derive(splits: dict[str, Any]) -> dict[str, Any]:
    provinces: dict[str, Any] = {}
    communes: dict[str, Any] = {}
    for province in sorted(splits["data"], key=lambda p: p["level1_id"]):
        [new_province] = province["splits"]
        provinces[province["level1_id"]] = [province["name"], new_province["new_id"]]
        for commune in province["level3s"]:
            communes[commune["level3_id"]] = [province["level1_id"], commune["name"],
                                              [s["new_id"] for s in commune["splits"]]]
    return {"provinces": provinces, "communes": dict(sorted(communes.items()))}


def build(source: Path = DEFAULT_SOURCE, target: Path = DATA_FILE.parent) -> Path:
    splits = orjson.loads((source / "splits.json").read_bytes())
    target.mkdir(parents=True, exist_ok=True)
    path = target / DATA_FILE.name
    path.write_bytes(orjson.dumps(derive(splits)) + b"\n")
    shutil.copyfile(source / "LICENSE", target / LICENCE)
    (target / "SOURCE.md").write_text(SOURCE_NOTE, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = build(Path(args[0]) if args else DEFAULT_SOURCE)
    data = orjson.loads(path.read_bytes())
    print(f"{path}: {len(data['provinces'])} old provinces, {len(data['communes'])} old communes")


if __name__ == "__main__":
    main()
