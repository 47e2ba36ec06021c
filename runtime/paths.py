"""Where the project's data folders are: next to the packages, or set by configuration."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def procedures_dir() -> Path:
    return Path(os.environ.get("MOTCUA_PROCEDURES", PROJECT_ROOT / "procedures"))


def themes_dir() -> Path:
    return Path(os.environ.get("MOTCUA_THEMES", PROJECT_ROOT / "themes"))


def instance_dir() -> Path:
    return Path(os.environ.get("MOTCUA_INSTANCE", PROJECT_ROOT / "instance"))


def agencies_file() -> Path:
    """The agency directory file (overrides over the national directory): ``MOTCUA_AGENCIES`` or the demo's."""
    default = PROJECT_ROOT / "runtime" / "demo" / "agencies.json"
    return Path(os.environ.get("MOTCUA_AGENCIES") or default)
