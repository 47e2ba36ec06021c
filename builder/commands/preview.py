"""``motcua preview procedures/<code>``: try a procedure's eForm while editing its definition.

Serves that one procedure (an app built with ``create_app`` over a catalog of that
folder, on a throw-away instance, drafts in memory). On every request the files'
modification times are compared and the definition is loaded and checked again
when one changed; while it has errors, the page lists them instead of the form.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

import click
from flask import Flask, render_template, request


def _mtime(folder: Path) -> float:
    return max((p.stat().st_mtime_ns for p in folder.rglob("procedure.json")), default=0)


def preview_app(folder: Path, instance: Path | None = None) -> Flask:
    """The preview application of one procedure folder."""
    from runtime import create_app
    from runtime.web.services import init_catalog

    folder = folder.resolve()
    instance = instance or Path(tempfile.mkdtemp(prefix="motcua-preview-"))
    app = create_app({"MOTCUA_PROCEDURES": str(folder), "INSTANCE_PATH": str(instance),
                      "MOTCUA_STORE": "memory://", "SECRET_KEY": secrets.token_hex(16),
                      "MOTCUA_PREVIEW": True})
    seen = {"mtime": _mtime(folder)}

    @app.before_request
    def _reload_and_show_problems():
        if request.endpoint in (None, "theme.static", "theme.vendor", "theme.assets"):
            return None
        now = _mtime(folder)
        if now != seen["mtime"]:
            seen["mtime"] = now
            init_catalog(app)
        load = app.extensions["motcua.catalog"].load
        for file, problems in sorted((load.problems if load else {}).items()):
            if any(p.is_error for p in problems):
                return render_template("forms/problems.html", file=file, problems=problems), 200
        return None

    return app


@click.command("preview")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5001, show_default=True, type=int)
def preview_command(folder: Path, host: str, port: int) -> None:
    """Serve one procedure's eForm, reloading it whenever its file changes."""
    app = preview_app(folder)
    code = folder.resolve().name
    click.echo(f"motcua preview: open http://{host}:{port}/procedures/{code}/apply "
               "(the definition is re-read when it changes)")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


def register(cli: click.Group) -> None:
    cli.add_command(preview_command)
