"""The services a request needs, wired once per application."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from flask import Flask, current_app

from ..agencies import AgencyDirectory, load_directory
from ..definitions import Catalog, CheckCache, DefinitionArchive, load_definitions

log = logging.getLogger(__name__)


def init_catalog(app: Flask) -> None:
    """Load, check (unless unchanged) and compile the catalog once, at start-up."""
    instance = Path(app.instance_path)
    cache = CheckCache(instance / "cache" / "checked-definitions.json")
    loaded = load_definitions([app.config["MOTCUA_PROCEDURES"]], cache=cache)
    for file, problems in loaded.problems.items():
        for problem in problems:
            if problem.is_error:
                log.error("definition left out: %s %s", file, problem.format())
    app.extensions["motcua.catalog"] = Catalog(
        loaded.procedures, DefinitionArchive(instance / "definitions"), loaded)
    # The catalog lives as long as the process: keep the collector from traversing it again.
    gc.collect()
    gc.freeze()


def catalog() -> Catalog:
    return current_app.extensions["motcua.catalog"]


def init_agencies(app: Flask) -> None:
    """The agency directory: ``MOTCUA_AGENCIES`` (a JSON file) or the demo province's."""
    from ..demo import DEMO_DIR

    path = app.config.get("MOTCUA_AGENCIES") or DEMO_DIR / "agencies.json"
    app.extensions["motcua.agencies"] = load_directory(path)


def agencies() -> AgencyDirectory:
    return current_app.extensions["motcua.agencies"]
