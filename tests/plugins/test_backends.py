"""The real backends where the real thing is a standard: PKCS#12 signer, HTTP SMS gateway, HMAC payment gateway."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qsl, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from runtime.agencies import load_directory
from runtime.demo import DEMO_DIR
from runtime.notifications import Message, SendError
from runtime.notifications.registry import SMS
from runtime.payments import ForgedCallbackError, PaymentRequest
from runtime.payments.registry import PAYMENTS
from runtime.plugins import PluginError
from runtime.signing.registry import SIGNERS

VNPAY_LIKE = {
    "MOTCUA_PAYMENT_GATEWAY": "hmac", "MOTCUA_PAYMENT_URL": "https://pay.example.vn/vpcpay.html",
    "MOTCUA_PAYMENT_SECRET": "a-merchant-secret-key-0123", "MOTCUA_PAYMENT_PREFIX": "vnp_",
    "MOTCUA_PAYMENT_HASH": "sha512", "MOTCUA_PAYMENT_FIXED": {"vnp_TmnCode": "MOTCUA01", "vnp_Version": "2.1.0"},
    "MOTCUA_PAYMENT_FIELDS": {"txn_ref": "vnp_TxnRef", "amount": "vnp_Amount", "response_code": "vnp_ResponseCode",
                              "transaction_no": "vnp_TransactionNo", "order_info": "vnp_OrderInfo",
                              "return_url": "vnp_ReturnUrl", "currency": "vnp_CurrCode",
                              "signature": "vnp_SecureHash"},
}


def ipn(gateway, **params):
    return gateway.signed({"vnp_TxnRef": "T1", "vnp_Amount": "1600000", "vnp_ResponseCode": "00",
                           "vnp_TransactionNo": "991", **params})


def test_configured_gateway_signs_checkout_with_its_parameter_names_and_fixed_parameters():
    gateway = PAYMENTS.build(VNPAY_LIKE)
    url = gateway.checkout_url(PaymentRequest("T1", 16000, "Phí", "d1"), "https://dvc.example.vn/payments/return")
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    assert parts.netloc == "pay.example.vn"
    assert params["vnp_Amount"] == "1600000" and params["vnp_TmnCode"] == "MOTCUA01"
    assert params["vnp_SecureHash"] == gateway.sign(params)


def test_configured_gateway_accepts_a_genuine_callback_with_the_amount_in_dong():
    gateway = PAYMENTS.build(VNPAY_LIKE)
    result = gateway.verify_callback(ipn(gateway))
    assert (result.txn_ref, result.amount, result.success) == ("T1", 16000, True)


@pytest.mark.parametrize("change", [
    {"vnp_Amount": "1600"},          # amount changed after signing
    {"vnp_SecureHash": "00" * 64},   # made-up signature
])
def test_configured_gateway_refuses_a_callback_when_signature_or_amount_was_tampered(change):
    gateway = PAYMENTS.build(VNPAY_LIKE)
    params = {**ipn(gateway), **change}
    with pytest.raises(ForgedCallbackError):
        gateway.verify_callback(params)


def test_configured_gateway_refuses_a_signed_amount_that_is_not_whole_dong():
    gateway = PAYMENTS.build(VNPAY_LIKE)
    with pytest.raises(ForgedCallbackError, match="whole number"):
        gateway.verify_callback(ipn(gateway, vnp_Amount="1600050"))


def test_callback_signed_with_another_key_is_refused_when_keys_differ():
    other = PAYMENTS.build({**VNPAY_LIKE, "MOTCUA_PAYMENT_SECRET": "another-merchant-secret-99"})
    with pytest.raises(ForgedCallbackError):
        PAYMENTS.build(VNPAY_LIKE).verify_callback(ipn(other))


def test_configured_gateway_is_refused_when_its_secret_is_missing():
    with pytest.raises(PluginError, match="MOTCUA_PAYMENT_SECRET"):
        PAYMENTS.build({**VNPAY_LIKE, "MOTCUA_PAYMENT_SECRET": ""})


class _Gateway(BaseHTTPRequestHandler):
    received: ClassVar[list] = []
    answer = (200, {"CodeResult": "100"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        type(self).received.append((self.headers.get("Authorization"), json.loads(self.rfile.read(length))))
        status, body = type(self).answer
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def sms_gateway():
    _Gateway.received = []
    _Gateway.answer = (200, {"CodeResult": "100"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _Gateway
    server.shutdown()
    server.server_close()


def _sms_config(server):
    return {"MOTCUA_SMS_SENDER": "http", "MOTCUA_SMS_URL": f"http://127.0.0.1:{server.server_port}/send",
            "MOTCUA_SMS_TOKEN": "tok-123", "MOTCUA_SMS_SUCCESS": {"field": "CodeResult", "value": "100"},
            "MOTCUA_SMS_TEMPLATE": {"Phone": "$to", "Content": "$text", "Brandname": "UBND", "RequestId": "$id"}}


def _sms():
    return Message(id="m-1", channel="sms", to="0912345678", subject="Hồ sơ", body="Hồ sơ H-1 đã được tiếp nhận",
                   kind="receipt")


def test_http_sms_sender_posts_the_templated_body_with_its_token_when_configured(sms_gateway):
    server, handler = sms_gateway
    SMS.build(_sms_config(server)).send(_sms())
    assert handler.received == [("Bearer tok-123", {"Phone": "0912345678", "Content": "Hồ sơ H-1 đã được tiếp nhận",
                                                    "Brandname": "UBND", "RequestId": "m-1"})]


@pytest.mark.parametrize("answer", [(500, {"error": "down"}), (200, {"CodeResult": "99"})])
def test_http_sms_sender_raises_a_send_error_when_the_gateway_refuses(sms_gateway, answer):
    server, handler = sms_gateway
    handler.answer = answer
    with pytest.raises(SendError):
        SMS.build(_sms_config(server)).send(_sms())


def test_http_sms_sender_raises_a_send_error_when_the_gateway_is_unreachable(sms_gateway):
    server, _handler = sms_gateway
    config = {**_sms_config(server), "MOTCUA_SMS_URL": "http://127.0.0.1:9/send", "MOTCUA_SMS_TIMEOUT": 2}
    with pytest.raises(SendError):
        SMS.build(config).send(_sms())


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    from runtime.signatures.demo_ca import DemoCA

    return DemoCA.open(tmp_path_factory.mktemp("ca"))


def _p12(ca, tmp_path, passphrase: bytes) -> str:
    credentials = ca.issue_organisation("UBND Phường Sài Gòn", "0312345678", "26734")
    key = serialization.load_pem_private_key(credentials.key_pem, None)
    cert = x509.load_pem_x509_certificate(credentials.cert_pem)
    chain = [x509.load_pem_x509_certificate(c) for c in credentials.chain_pems]
    path = tmp_path / "agency.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"agency", key, cert, chain, serialization.BestAvailableEncryption(passphrase)))
    return str(path)


def test_pkcs12_signer_issues_a_certified_pdf_that_verifies_when_its_ca_is_trusted(ca, tmp_path):
    from runtime.signatures import SignaturePolicy, verify_pdf
    from tests.services.conftest import one_page_pdf

    signer = SIGNERS.build({"MOTCUA_SIGNER": "pkcs12", "MOTCUA_SIGNER_PKCS12": _p12(ca, tmp_path, b"pass-1"),
                            "MOTCUA_SIGNER_PASSPHRASE": "pass-1"})
    agency = next(iter(load_directory(DEMO_DIR / "agencies.json")))
    signed = signer.sign(one_page_pdf(), agency, "Tiếp nhận hồ sơ")
    report = verify_pdf(signed, SignaturePolicy(required=True, signer="organisation"), ca.trust_store())
    assert report.accepted


def test_pkcs12_signer_is_refused_when_the_file_is_missing(tmp_path):
    with pytest.raises(PluginError, match="does not exist"):
        SIGNERS.build({"MOTCUA_SIGNER": "pkcs12", "MOTCUA_SIGNER_PKCS12": str(tmp_path / "none.p12")})
