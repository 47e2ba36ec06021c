"""``motcua exchange``: keys for the inter-system exchange (docs/exchange.md)."""

from __future__ import annotations

import base64
import secrets

import click


@click.group("exchange")
def exchange() -> None:
    """Inter-system exchange (liên thông) with partner systems."""


@exchange.command("keys")
def keys() -> None:
    """Print a new shared HMAC secret and a new Ed25519 key pair (nothing is stored)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    click.echo(f"HMAC secret (the partner's \"key\", the same on both sides): {secrets.token_urlsafe(48)}")
    click.echo(f"MOTCUA_EXCHANGE_SIGNING_KEY (keep it secret): {base64.b64encode(seed).decode()}")
    click.echo(f"Public key (give it to the partner, its \"public_key\" for us): {base64.b64encode(public).decode()}")


def register(cli: click.Group) -> None:
    cli.add_command(exchange)
