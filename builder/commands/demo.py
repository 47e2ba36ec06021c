"""``motcua demo``: demo PKI for trying out signed attachments.

``motcua demo sign FILE --as 001234567890 --name "Nguyễn Văn A"`` signs a PDF
with a certificate from the demo CA, so a person trying the product can attach
a validly signed document. ``motcua demo ca --dir instance/trust`` writes the
demo CA's root (plus its intermediate and CRLs) into a trust directory, which
is the only way the demo CA becomes trusted.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

DEFAULT_CA_DIR = Path("instance/demo-ca")

_ca_dir_option = click.option(
    "--ca-dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_CA_DIR,
    show_default=True, envvar="MOTCUA_DEMO_CA_DIR",
    help="Where the demo CA keeps its keys (created on first use).")


def _personal_id(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not re.fullmatch(r"\d{12}", value):
        raise click.BadParameter("must be a 12-digit personal ID (số định danh cá nhân)")
    return value


@click.group("demo")
def demo() -> None:
    """Demo certificate authority (development only, no legal value)."""


@demo.command("sign")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "personal_id", required=True, callback=_personal_id, metavar="ID",
              help="12-digit personal ID to put in the certificate.")
@click.option("--name", default="Công dân thử nghiệm", show_default=True,
              help="Full name to put in the certificate.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: FILE with a -signed suffix).")
@_ca_dir_option
def sign(file: Path, personal_id: str, name: str, out: Path | None, ca_dir: Path) -> None:
    """Sign FILE (a PDF) with a demo certificate for PERSONAL_ID."""
    from runtime.signatures.demo_ca import DemoCA, sign_pdf
    from runtime.signatures.inspect import sniff_media_type

    data = file.read_bytes()
    if sniff_media_type(data) != "application/pdf":
        raise click.ClickException(f"{file} is not a PDF")
    credentials = DemoCA.open(ca_dir).issue_person(personal_id, name)
    try:
        signed = sign_pdf(data, credentials, reason="Ký thử nghiệm (demo motcua)")
    except Exception as exc:  # pyHanko reports unreadable PDFs with various errors
        raise click.ClickException(f"could not sign {file}: {exc}") from exc
    target = out or file.with_name(f"{file.stem}-signed.pdf")
    target.write_bytes(signed)
    click.echo(f"Signed as {name} (CCCD {personal_id}): {target}")


@demo.command("ca")
@click.option("--dir", "trust_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Trust directory to write the demo CA's certificates and CRLs into.")
@_ca_dir_option
def ca(trust_dir: Path, ca_dir: Path) -> None:
    """Write the demo CA root (and intermediate, CRLs) into a trust directory."""
    from runtime.signatures.demo_ca import DemoCA

    authority = DemoCA.open(ca_dir)
    written = []
    for sub, filename, data in (
        ("roots", "motcua-demo-root.pem", authority.root.cert_pem),
        ("intermediates", "motcua-demo-intermediate.pem", authority.intermediate.cert_pem),
        *(("crls", f"motcua-demo-{i}.crl", crl) for i, crl in enumerate(authority.crls())),
    ):
        path = trust_dir / sub / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    for path in written:
        click.echo(str(path))
    click.echo("The demo CA is for development only; never put it in a production trust "
               "directory.")


def register(cli: click.Group) -> None:
    """Add the ``demo`` group to the ``motcua`` command line."""
    cli.add_command(demo)
