"""The services a request needs, wired once per application."""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from ..agencies import AgencyDirectory, load_directory
from ..definitions import Catalog, CheckCache, DefinitionArchive, load_definitions
from ..definitions.live import LiveCatalog
from ..forms.compiler import FormCache
from ..forms.drafts import DraftRepository, MemoryDrafts, StoreDrafts
from ..storage.base import StorageError

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
    interval = float(app.config.get("MOTCUA_CATALOG_REFRESH_SECONDS", 2))
    live = LiveCatalog(app.extensions["motcua.catalog"], loaded.procedures, _definitions_store, interval)
    if "motcua.live_catalog" not in app.extensions:  # init_catalog runs again when files change (preview)
        app.before_request(_refresh_catalog)
    app.extensions["motcua.live_catalog"] = live
    # The catalog lives as long as the process: keep the collector from traversing it again
    # (no collect first: loading made no cycles worth it, and a full collection costs a second).
    gc.freeze()


def _definitions_store() -> Any:
    """The store whose published definitions are served (none for a memory-only app)."""
    if str(current_app.config["MOTCUA_STORE"]).startswith("memory:"):
        return None
    return store()


def _refresh_catalog() -> None:
    """Serve what was published in the store, looked at every few seconds (see LiveCatalog)."""
    try:
        current_app.extensions["motcua.live_catalog"].refresh()
    except StorageError as exc:  # the store is down: keep serving the catalogue we have
        log.warning("published definitions not refreshed: %s", exc)


def catalog() -> Catalog:
    return current_app.extensions["motcua.catalog"]


def init_agencies(app: Flask) -> None:
    """The whole country's agency directory, adjusted by ``MOTCUA_AGENCIES`` (a JSON file) or the demo's.

    The ``MOTCUA_AGENCIES`` file is watched: an edit (studio, ``motcua agencies``) is used by routing
    without a restart (looked at every ``MOTCUA_AGENCIES_REFRESH_SECONDS``, default 2).
    """
    from ..agencies.directory import LiveDirectory
    from ..demo import DEMO_DIR

    path = app.config.get("MOTCUA_AGENCIES")
    if path:
        interval = float(app.config.get("MOTCUA_AGENCIES_REFRESH_SECONDS", 2))
        app.extensions["motcua.agencies"] = LiveDirectory(path, interval)
    else:
        app.extensions["motcua.agencies"] = load_directory(DEMO_DIR / "agencies.json")


def agencies() -> AgencyDirectory:
    return current_app.extensions["motcua.agencies"]


def init_store(app: Flask) -> None:
    """Configure the dossier store (opened on first use) and the draft repository over it.

    ``MOTCUA_STORE`` is a store URL (default ``tinydb:///<instance>/store``);
    ``memory://`` keeps drafts in memory only (tests, preview).
    """
    app.config.setdefault("MOTCUA_STORE", f"tinydb:///{Path(app.instance_path) / 'store'}")
    app.extensions["motcua.store_lock"] = threading.Lock()
    app.extensions["motcua.forms"] = FormCache()


def store() -> Any:
    """The application's dossier store, opened on first use."""
    app = current_app
    found = app.extensions.get("motcua.store")
    if found is None:
        with app.extensions["motcua.store_lock"]:
            found = app.extensions.get("motcua.store")
            if found is None:
                from ..storage import open_store

                pattern = app.config.get("MOTCUA_REFERENCE_PATTERN")
                found = app.extensions["motcua.store"] = open_store(
                    app.config["MOTCUA_STORE"], **({"reference_pattern": pattern} if pattern else {}))
    return found


def drafts() -> DraftRepository:
    """Where citizens' drafts are kept."""
    app = current_app
    found = app.extensions.get("motcua.drafts")
    if found is None:
        found = MemoryDrafts() if str(app.config["MOTCUA_STORE"]).startswith("memory:") else StoreDrafts(store())
        app.extensions["motcua.drafts"] = found
    return found


def forms() -> FormCache:
    """The compiled eForms (specs and form classes), shared by all requests."""
    return current_app.extensions["motcua.forms"]


def sidecar(app: Flask, file_name: str, sqlite_schema: str) -> Any:
    """A function returning the shared-tables runner beside the app's store, opened on first call.

    (After a gunicorn fork, never before.) ``file_name`` and ``sqlite_schema``
    are for the embedded store's SQLite file; PostgreSQL has the tables already.
    """
    from ..storage.sidecar import opened_on_first_use, runner_for

    def open_runner() -> Any:
        with app.app_context():
            return runner_for(store(), file_name, sqlite_schema)

    return opened_on_first_use(open_runner)
