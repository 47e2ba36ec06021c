"""The web application factory."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from . import paths

DEFAULTS: dict[str, Any] = {
    "MOTCUA_THEME": "default",
    "MOTCUA_LANGUAGES": ("vi", "en"),
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
    "MAX_FORM_PARTS": 2000,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "PERMANENT_SESSION_LIFETIME": 30 * 60,
}


def _secret_key(instance: Path) -> str:
    """The session secret: from the environment, else one generated for this instance."""
    configured = os.environ.get("MOTCUA_SECRET_KEY")
    if configured:
        return configured
    if os.environ.get("MOTCUA_ENV") == "production":
        raise RuntimeError("MOTCUA_SECRET_KEY must be set in production")
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text().strip()


def environment_settings() -> dict[str, Any]:
    """``MOTCUA_*`` environment variables as settings of the same name.

    Values that read as JSON (numbers, true/false, lists) are decoded; others
    stay strings.
    """
    settings: dict[str, Any] = {}
    for key, raw in os.environ.items():
        if not key.startswith("MOTCUA_"):
            continue
        try:
            settings[key] = json.loads(raw)
        except ValueError:
            settings[key] = raw
    return settings


def _from_environment(app: Flask) -> None:
    """``MOTCUA_*`` environment variables become config keys of the same name
    (:func:`environment_settings`); ``MOTCUA_SECRET_KEY`` also sets Flask's ``SECRET_KEY``."""
    app.config.update(environment_settings())
    if os.environ.get("MOTCUA_SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["MOTCUA_SECRET_KEY"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the motcua web application.

    ``test_config`` overrides the defaults and the environment; everything is
    wired through ``init_app`` functions, nothing happens at import time.
    """
    instance = Path((test_config or {}).get("INSTANCE_PATH", paths.instance_dir()))
    app = Flask(__name__, instance_path=str(instance.resolve()), static_folder=None)
    app.config.update(DEFAULTS)
    app.config["MOTCUA_PROCEDURES"] = str(paths.procedures_dir())
    app.config["MOTCUA_THEMES"] = str(paths.themes_dir())
    _from_environment(app)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    from .production import refuse_demo_in_production

    refuse_demo_in_production(app.config)  # before anything is opened or served

    from . import limits
    from .web import access, apply, auth, catalog, errors, i18n, security, theme, wiring
    from .web.services import init_agencies, init_catalog, init_store

    theme.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    access.init_app(app)
    init_catalog(app)
    init_agencies(app)
    init_store(app)
    limits.init_app(app)  # rate limits shared by workers and nodes (needs the store URL)
    errors.init_app(app)
    app.register_blueprint(catalog.bp)
    auth.init_app(app)  # identity provider, sessions, officials, and the auth views
    apply.init_app(app)
    wiring.init_app(app)  # services bundle; citizen, tracking and API views
    return app
