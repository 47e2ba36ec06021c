"""``motcua serve``: run the web application (with the demo data unless told otherwise)."""

from __future__ import annotations

import click

DEMO_HELP = """
Demo: citizens log in at /auth/demo (e.g. Nguyễn Thanh Bảo, 079095220260);
officials at /auth/official with password motcua-demo-2025, e.g.
  tiepnhan.saigon (receiver)   hotich.saigon (civil-status officer)   lanhdao.saigon (leader)
Sign a PDF to attach: .venv/bin/motcua demo sign FILE.pdf --as 079095220260
Procedure studio: /studio, log in at /auth/official (same password) as
  admin.hcm (author, Ho Chi Minh City)   duyet.hcm (publisher, Ho Chi Minh City)
  admin.hanoi (author, Hanoi)            duyet.hanoi (publisher, Hanoi)
"""


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes and show the debugger.")
@click.option("--no-seed", is_flag=True, help="Do not create the demo dossiers.")
@click.option("--production", is_flag=True,
              help="Serve with gunicorn (no demo data, no debugger): see docs/deployment.md.")
@click.option("--workers", default=2, show_default=True, type=int, help="With --production: worker processes.")
@click.option("--threads", default=4, show_default=True, type=int, help="With --production: threads per worker.")
@click.option("--timeout", default=60, show_default=True, type=int,
              help="With --production: seconds before a stuck worker is restarted.")
@click.option("--graceful-timeout", default=30, show_default=True, type=int,
              help="With --production: seconds to finish requests after SIGTERM.")
@click.option("--access-log", default="-", show_default=True,
              help="With --production: access log file ('-' standard output, '' none).")
def serve_command(host: str, port: int, debug: bool, no_seed: bool, production: bool, workers: int, threads: int,
                  timeout: int, graceful_timeout: int, access_log: str) -> None:
    """Serve motcua: the embedded store and the demo data (trying, development), or --production with gunicorn."""
    if production:
        from ..server import gunicorn_options, serve_production

        serve_production(gunicorn_options(host, port, workers, threads, timeout, access_log or None,
                                          graceful_timeout))
        return
    from ..seed import seed_demo
    from ..studio import create_app

    app = create_app()
    app.config.setdefault("MOTCUA_BASE_URL", f"http://{host}:{port}")
    app.config.setdefault("MOTCUA_WORKER", "thread")  # receipts and messages by a worker thread of this process
    catalog = app.extensions["motcua.catalog"]
    demo = app.config.get("MOTCUA_IDENTITY", "demo") == "demo"
    if demo and not no_seed:
        created = seed_demo(app.extensions["motcua.services"])
        if created:
            click.echo(f"motcua: {created} demo dossier(s) created")
    click.echo(f"motcua: {len(catalog)} procedure(s) loaded; open http://{host}:{port}/")
    if demo:
        click.echo(DEMO_HELP)
    app.run(host=host, port=port, debug=debug, threaded=True, use_reloader=debug)


def register(cli: click.Group) -> None:
    cli.add_command(serve_command)
