"""``motcua serve``: run the web application."""

from __future__ import annotations

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes and show the debugger.")
def serve_command(host: str, port: int, debug: bool) -> None:
    """Serve motcua with the embedded store and the demo data (for trying and development)."""
    from runtime import create_app

    app = create_app()
    catalog = app.extensions["motcua.catalog"]
    click.echo(f"motcua: {len(catalog)} procedure(s) loaded; open http://{host}:{port}/")
    app.run(host=host, port=port, debug=debug, threaded=True, use_reloader=debug)


def register(cli: click.Group) -> None:
    cli.add_command(serve_command)
