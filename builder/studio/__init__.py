"""The procedure studio at ``/studio``: administrators build, check, preview, review and publish
procedure definitions in the browser, without writing JSON.

The runtime never imports this package: the builder side wraps the runtime's
application factory (:func:`create_app`) and registers the studio on it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the studio's views on a runtime application."""
    from .views import bp

    app.register_blueprint(bp)
    from . import imports
    from .importing import NationalRecords

    folder = app.config.get("MOTCUA_NATIONAL_RECORDS")
    app.extensions["motcua.studio"] = {"records": NationalRecords(folder) if folder else None}
    imports.init_app(app)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The runtime's application with the studio."""
    from runtime import create_app as create_runtime_app

    app = create_runtime_app(test_config)
    init_app(app)
    return app
