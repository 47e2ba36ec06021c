"""Payments: a forged, a replayed and a wrong-amount confirmation change nothing."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from runtime.dossiers.model import Dossier, Person
from runtime.payments import (
    DemoGateway,
    ForgedCallbackError,
    PaymentRequest,
    apply_confirmation,
    new_payment,
    paid_total,
)
from runtime.payments.ledger import ConfirmationOutcome

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
GATEWAY = DemoGateway("a-test-secret-of-enough-length")


@pytest.fixture
def pending():
    dossier = Dossier(procedure_code="2.000815", applicant=Person(full_name="Lê Văn Tám"))
    payment = new_payment(dossier, 16000, "demo", NOW)
    request = PaymentRequest(payment["txn_ref"], 16000, "Phí chứng thực", dossier.id)
    return dossier, request


def test_genuine_confirmation_marks_the_payment_paid_and_logs_it(pending):
    dossier, request = pending
    result = GATEWAY.verify_callback(GATEWAY.confirmation(request, True, "TXN1"))
    assert apply_confirmation(dossier, result, NOW) is ConfirmationOutcome.CONFIRMED
    assert paid_total(dossier) == 16000
    assert dossier.events[-1].action == "payment.confirmed"


def test_replayed_confirmation_changes_nothing(pending):
    dossier, request = pending
    params = GATEWAY.confirmation(request, True, "TXN1")
    apply_confirmation(dossier, GATEWAY.verify_callback(params), NOW)
    events = len(dossier.events)
    assert apply_confirmation(dossier, GATEWAY.verify_callback(params), NOW) is ConfirmationOutcome.ALREADY_CONFIRMED
    assert len(dossier.events) == events and paid_total(dossier) == 16000


@pytest.mark.parametrize("tamper", [
    lambda p: p.update(mc_Amount="100"),                     # amount changed after signing
    lambda p: p.update(mc_ResponseCode="00", mc_TxnRef="X"),  # other payment
    lambda p: p.pop("mc_SecureHash"),                         # unsigned
    lambda p: p.update(mc_SecureHash="0" * 128),              # made-up signature
])
def test_forged_confirmation_is_refused(pending, tamper):
    _dossier, request = pending
    params = GATEWAY.confirmation(request, True, "TXN1")
    tamper(params)
    with pytest.raises(ForgedCallbackError):
        GATEWAY.verify_callback(params)


def test_confirmation_signed_with_another_secret_is_refused(pending):
    _dossier, request = pending
    other = DemoGateway("another-secret-entirely-x")
    with pytest.raises(ForgedCallbackError):
        GATEWAY.verify_callback(other.confirmation(request, True, "TXN1"))


def test_wrong_amount_is_refused_and_recorded(pending):
    dossier, request = pending
    cheaper = PaymentRequest(request.txn_ref, 1000, "", dossier.id)
    result = GATEWAY.verify_callback(GATEWAY.confirmation(cheaper, True, "TXN1"))
    assert apply_confirmation(dossier, result, NOW) is ConfirmationOutcome.AMOUNT_MISMATCH
    assert paid_total(dossier) == 0 and dossier.events[-1].action == "payment.amount_mismatch"


def test_unknown_payment_reference_changes_nothing(pending):
    dossier, _request = pending
    stranger = PaymentRequest("NOPE", 16000, "", dossier.id)
    result = GATEWAY.verify_callback(GATEWAY.confirmation(stranger, True, "TXN1"))
    assert apply_confirmation(dossier, result, NOW) is ConfirmationOutcome.UNKNOWN_PAYMENT
    assert dossier.events == []


def test_failed_payment_is_recorded_as_failed(pending):
    dossier, request = pending
    result = GATEWAY.verify_callback(GATEWAY.confirmation(request, False, "TXN1"))
    assert apply_confirmation(dossier, result, NOW) is ConfirmationOutcome.FAILED
    assert paid_total(dossier) == 0


def test_checkout_url_carries_a_signed_request_the_bank_page_accepts(pending):
    _dossier, request = pending
    url = GATEWAY.checkout_url(request, "https://motcua.example/return")
    params = dict(parse_qsl(urlsplit(url).query))
    assert GATEWAY.verify_request(params).amount == 16000
    params["mc_Amount"] = "100"
    with pytest.raises(ForgedCallbackError):
        GATEWAY.verify_request(params)


def test_short_secret_is_refused_at_configuration_time():
    with pytest.raises(ValueError):
        DemoGateway("short")
