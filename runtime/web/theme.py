"""Themes: templates and static files looked up theme first, default second."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, send_from_directory
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.security import safe_join

from .access import access

bp = Blueprint("theme", __name__)


def theme_chain(app: Flask) -> list[Path]:
    """The theme folders to search, most specific first."""
    root = Path(app.config["MOTCUA_THEMES"])
    chain = [root / app.config["MOTCUA_THEME"]]
    if app.config["MOTCUA_THEME"] != "default":
        chain.append(root / "default")
    return chain


@bp.route("/static/<path:filename>")
@access("public")
def static(filename: str):
    from flask import current_app

    for folder in current_app.extensions["motcua.theme_static"]:
        if safe_join(str(folder), filename) and (folder / filename).is_file():
            return send_from_directory(folder, filename, max_age=3600)
    abort(404)


def init_app(app: Flask) -> None:
    chain = theme_chain(app)
    app.jinja_loader = ChoiceLoader([FileSystemLoader(str(p / "templates")) for p in chain])
    app.extensions["motcua.theme_static"] = [p / "static" for p in chain]
    app.register_blueprint(bp)
