"""Signing and checking messages (HMAC-SHA256 and Ed25519), and the partners' configuration."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from runtime.exchange import ExchangeConfigError, SignatureRefused, load_partners, sign_message, verify_message
from runtime.exchange.signing import read_envelope

KEY = "s" * 40
NOW = 1_800_000_000
PATH = "/exchange/v1/messages"
NONCE = "0123456789abcdef0123456789abcdef"


def pair_with_hmac():
    a = load_partners({"MOTCUA_EXCHANGE_ID": "commune", "MOTCUA_EXCHANGE_PARTNERS": {
        "police": {"url": "https://police.example.vn", "key": KEY}}})
    b = load_partners({"MOTCUA_EXCHANGE_ID": "police", "MOTCUA_EXCHANGE_PARTNERS": {
        "commune": {"url": "https://commune.example.vn", "key": KEY}}})
    return a, b


def _raw(key: Ed25519PrivateKey) -> tuple[str, str]:
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(seed).decode(), base64.b64encode(public).decode()


def pair_with_ed25519():
    seed_a, public_a = _raw(Ed25519PrivateKey.generate())
    seed_b, public_b = _raw(Ed25519PrivateKey.generate())
    a = load_partners({"MOTCUA_EXCHANGE_ID": "commune", "MOTCUA_EXCHANGE_SIGNING_KEY": seed_a,
                       "MOTCUA_EXCHANGE_PARTNERS": {"police": {"url": "https://p.example.vn", "public_key": public_b}}})
    b = load_partners({"MOTCUA_EXCHANGE_ID": "police", "MOTCUA_EXCHANGE_SIGNING_KEY": seed_b,
                       "MOTCUA_EXCHANGE_PARTNERS": {"commune": {"url": "https://c.example", "public_key": public_a}}})
    return a, b


@pytest.mark.parametrize("make", [pair_with_hmac, pair_with_ed25519], ids=["hmac", "ed25519"])
def test_a_message_signed_by_one_side_verifies_on_the_other_and_any_change_breaks_it(make):
    a, b = make()
    body = b'{"kind": "handover"}'
    envelope = read_envelope(sign_message(a, a.get("police"), PATH, body, NOW, NONCE).headers())
    assert verify_message(b, envelope, PATH, body, NOW + 10).id == "commune"
    for changed_body, changed_path in ((b'{"kind": "answer"}', PATH), (body, "/exchange/v1/other")):
        with pytest.raises(SignatureRefused) as refused:
            verify_message(b, envelope, changed_path, changed_body, NOW)
        assert (refused.value.status, refused.value.code) == (401, "bad_signature")


def test_a_signature_made_for_another_receiver_is_refused():
    a, _b = pair_with_hmac()
    other = load_partners({"MOTCUA_EXCHANGE_ID": "insurance", "MOTCUA_EXCHANGE_PARTNERS": {
        "commune": {"url": "https://commune.example.vn", "key": KEY}}})
    envelope = read_envelope(sign_message(a, a.get("police"), PATH, b"{}", NOW, NONCE).headers())
    with pytest.raises(SignatureRefused, match="does not match"):
        verify_message(other, envelope, PATH, b"{}", NOW)


def test_a_timestamp_outside_the_allowed_skew_is_refused():
    a, b = pair_with_hmac()
    envelope = read_envelope(sign_message(a, a.get("police"), PATH, b"{}", NOW, NONCE).headers())
    with pytest.raises(SignatureRefused) as refused:
        verify_message(b, envelope, PATH, b"{}", NOW + 301)
    assert refused.value.code == "timestamp_out_of_range"


@pytest.mark.parametrize(("headers", "code"), [
    ({}, "envelope_missing"),
    ({"Motcua-Exchange-From": "c", "Motcua-Exchange-Timestamp": "soon", "Motcua-Exchange-Nonce": NONCE,
      "Motcua-Exchange-Signature": "x"}, "timestamp_invalid"),
    ({"Motcua-Exchange-From": "c", "Motcua-Exchange-Timestamp": "1", "Motcua-Exchange-Nonce": "../etc",
      "Motcua-Exchange-Signature": "x"}, "nonce_invalid"),
])
def test_an_incomplete_envelope_is_refused_with_400_naming_what_is_wrong(headers, code):
    with pytest.raises(SignatureRefused) as refused:
        read_envelope(headers)
    assert (refused.value.status, refused.value.code) == (400, code)


@pytest.mark.parametrize(("config", "names"), [
    ({"MOTCUA_EXCHANGE_PARTNERS": {"police": {"url": "https://p", "key": KEY}}}, "MOTCUA_EXCHANGE_ID"),
    ({"MOTCUA_EXCHANGE_ID": "c", "MOTCUA_EXCHANGE_PARTNERS": {"police": {"url": "https://p", "key": "short"}}},
     "at least 32"),
    ({"MOTCUA_EXCHANGE_ID": "c", "MOTCUA_EXCHANGE_PARTNERS": {"police": {"url": "ftp://p", "key": KEY}}}, "http"),
    ({"MOTCUA_EXCHANGE_ID": "c", "MOTCUA_EXCHANGE_PARTNERS": {"police": {"url": "https://p"}}}, "public_key"),
    ({"MOTCUA_EXCHANGE_ID": "c", "MOTCUA_EXCHANGE_PARTNERS": {"Police!": {"url": "https://p", "key": KEY}}},
     "partner id"),
    ({"MOTCUA_EXCHANGE_ID": "c", "MOTCUA_EXCHANGE_PARTNERS": {
        "police": {"url": "https://p", "public_key": base64.b64encode(b"k" * 32).decode()}}},
     "MOTCUA_EXCHANGE_SIGNING_KEY"),
])
def test_wrong_exchange_settings_are_refused_with_the_setting_named(config, names):
    with pytest.raises(ExchangeConfigError, match=names):
        load_partners(config)


def test_no_partner_configured_means_no_exchange_client():
    from runtime.exchange.client import build_client

    assert build_client({}) is None


def test_the_keys_command_prints_an_ed25519_pair_that_signs_and_verifies():
    from click.testing import CliRunner

    from builder.cli import cli

    result = CliRunner().invoke(cli, ["exchange", "keys"])
    assert result.exit_code == 0, result.output
    values = dict(line.rsplit(": ", 1) for line in result.output.strip().splitlines())
    secret = next(v for k, v in values.items() if k.startswith("HMAC"))
    seed = next(v for k, v in values.items() if k.startswith("MOTCUA_EXCHANGE_SIGNING_KEY"))
    public = next(v for k, v in values.items() if k.startswith("Public key"))
    a = load_partners({"MOTCUA_EXCHANGE_ID": "commune", "MOTCUA_EXCHANGE_SIGNING_KEY": seed,
                       "MOTCUA_EXCHANGE_PARTNERS": {"police": {"url": "https://p", "key": secret, "sign": "ed25519"}}})
    own_seed, _public = _raw(Ed25519PrivateKey.generate())
    b = load_partners({"MOTCUA_EXCHANGE_ID": "police", "MOTCUA_EXCHANGE_SIGNING_KEY": own_seed,
                       "MOTCUA_EXCHANGE_PARTNERS": {"commune": {"url": "https://c", "public_key": public}}})
    envelope = read_envelope(sign_message(a, a.get("police"), PATH, b"{}", NOW, NONCE).headers())
    assert envelope.signature.startswith("ed25519=")
    assert verify_message(b, envelope, PATH, b"{}", NOW).id == "commune"
