"""Themes: templates and static files looked up theme first, default second.

A theme may ship front-end packages installed from the npm registry into its
``node_modules`` (see its ``package.json``); their built files are served from
there under ``/static/vendor/<name>/`` (never from a CDN), and GOV.UK Frontend's
fonts and images under ``/assets/``, where its stylesheet looks for them.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, send_from_directory
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.security import safe_join

from .access import access

bp = Blueprint("theme", __name__)

#: Front-end packages a theme may use: URL name → built files inside the theme folder.
VENDOR = {"govuk": Path("node_modules", "govuk-frontend", "dist", "govuk"),
          "htmx": Path("node_modules", "htmx.org", "dist"), "sortable": Path("node_modules", "sortablejs"),
          "chartjs": Path("node_modules", "chart.js", "dist")}


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


def _send(folders: list[Path], filename: str):
    for folder in folders:
        if safe_join(str(folder), filename) and (folder / filename).is_file():
            return send_from_directory(folder, filename, max_age=3600)
    abort(404)


@bp.route("/static/vendor/<name>/<path:filename>")
@access("public")
def vendor(name: str, filename: str):
    """A built file of a front-end package of the theme (or of the default theme)."""
    from flask import current_app

    if name not in VENDOR:
        abort(404)
    return _send([p.parent / VENDOR[name] for p in current_app.extensions["motcua.theme_static"]],
                 filename)


@bp.route("/assets/<path:filename>")
@access("public")
def assets(filename: str):
    """GOV.UK Frontend's fonts and images, where its stylesheet asks for them."""
    from flask import current_app

    return _send([p.parent / VENDOR["govuk"] / "assets"
                  for p in current_app.extensions["motcua.theme_static"]], filename)


def init_app(app: Flask) -> None:
    chain = theme_chain(app)
    app.jinja_loader = ChoiceLoader([FileSystemLoader(str(p / "templates")) for p in chain])
    app.extensions["motcua.theme_static"] = [p / "static" for p in chain]
    app.register_blueprint(bp)
