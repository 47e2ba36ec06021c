"""Signing and checking exchange messages (pure functions, no I/O).

A message is an HTTP POST whose body is JSON. Four headers carry the envelope::

    Motcua-Exchange-From:       the sender's id
    Motcua-Exchange-Timestamp:  seconds since the epoch when it was signed
    Motcua-Exchange-Nonce:      the message id (32 hex digits), never reused
    Motcua-Exchange-Signature:  "hmac-sha256=<base64>" or "ed25519=<base64>"

The signature covers, one per line: ``motcua-exchange-v1``, sender, receiver,
timestamp, nonce, request path and the SHA-256 (hex) of the body. A message
is refused when its sender is unknown, its timestamp is further than the
allowed skew from the receiver's clock, or its signature does not verify;
a nonce seen before is refused by the receiver's store (replay).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .config import Partner, Partners

VERSION = "motcua-exchange-v1"
FROM, TIMESTAMP, NONCE, SIGNATURE = ("Motcua-Exchange-From", "Motcua-Exchange-Timestamp", "Motcua-Exchange-Nonce",
                                     "Motcua-Exchange-Signature")
_NONCE = re.compile(r"^[0-9a-f]{32}$")


class SignatureRefused(Exception):
    """The message is not accepted; ``status`` is the HTTP status, ``code`` a stable reason."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Envelope:
    sender: str
    timestamp: int
    nonce: str
    signature: str

    def headers(self) -> dict[str, str]:
        return {FROM: self.sender, TIMESTAMP: str(self.timestamp), NONCE: self.nonce, SIGNATURE: self.signature}


def signed_text(sender: str, receiver: str, timestamp: int, nonce: str, path: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join((VERSION, sender, receiver, str(timestamp), nonce, path, digest)).encode()


def sign_message(partners: Partners, partner: Partner, path: str, body: bytes, timestamp: int,
                 nonce: str) -> Envelope:
    """The envelope of a message from this instance to ``partner``."""
    text = signed_text(partners.own_id, partner.id, timestamp, nonce, path, body)
    if partner.sign == "ed25519":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        if partners.signing_key is None:
            raise SignatureRefused(500, "no_signing_key", "MOTCUA_EXCHANGE_SIGNING_KEY is not set")
        key = Ed25519PrivateKey.from_private_bytes(partners.signing_key)
        signature = "ed25519=" + base64.b64encode(key.sign(text)).decode()
    else:
        assert partner.hmac_key is not None
        mac = hmac.new(partner.hmac_key, text, hashlib.sha256).digest()
        signature = "hmac-sha256=" + base64.b64encode(mac).decode()
    return Envelope(partners.own_id, timestamp, nonce, signature)


def read_envelope(headers: Mapping[str, str]) -> Envelope:
    """The envelope of a received message; :class:`SignatureRefused` (400) when it is incomplete."""
    sender, stamp, nonce, signature = (headers.get(h) or "" for h in (FROM, TIMESTAMP, NONCE, SIGNATURE))
    if not (sender and stamp and nonce and signature):
        raise SignatureRefused(400, "envelope_missing",
                               f"the headers {FROM}, {TIMESTAMP}, {NONCE} and {SIGNATURE} are required")
    if not stamp.isdigit() or len(stamp) > 12:
        raise SignatureRefused(400, "timestamp_invalid", f"{TIMESTAMP} must be whole seconds since the epoch")
    if not _NONCE.match(nonce):
        raise SignatureRefused(400, "nonce_invalid", f"{NONCE} must be 32 lower-case hex digits")
    return Envelope(sender[:64], int(stamp), nonce, signature[:256])


def verify_message(partners: Partners, envelope: Envelope, path: str, body: bytes, now: float) -> Partner:
    """The sending partner if the envelope is genuine and fresh; else :class:`SignatureRefused` (401)."""
    partner = partners.get(envelope.sender)
    if partner is None:
        raise SignatureRefused(401, "unknown_partner", f"{envelope.sender!r} is not a configured partner")
    if abs(now - envelope.timestamp) > partners.skew:
        raise SignatureRefused(401, "timestamp_out_of_range",
                               f"the message was signed more than {partners.skew} seconds from our clock")
    text = signed_text(envelope.sender, partners.own_id, envelope.timestamp, envelope.nonce, path, body)
    scheme, _, value = envelope.signature.partition("=")
    try:
        given = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        given = b""
    if scheme == "hmac-sha256" and partner.hmac_key is not None:
        ok = hmac.compare_digest(hmac.new(partner.hmac_key, text, hashlib.sha256).digest(), given)
    elif scheme == "ed25519" and partner.public_key is not None:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(partner.public_key).verify(given, text)
            ok = True
        except (InvalidSignature, ValueError):
            ok = False
    else:
        ok = False
    if not ok:
        raise SignatureRefused(401, "bad_signature", "the signature does not match the message")
    return partner
