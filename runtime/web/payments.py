"""Payment endpoints: the demo gateway's bank page, the server-to-server confirmation, the return page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for

from ..payments import ForgedCallbackError, apply_confirmation
from ..payments.demo import DemoGateway
from ..payments.ledger import ConfirmationOutcome, dossier_id_of
from ..storage import DossierNotFound, StaleDossierError
from .access import access
from .security import csrf

bp = Blueprint("payments", __name__)


def _services():
    return current_app.extensions["motcua.services"]


def confirm(params) -> ConfirmationOutcome:
    """Apply a gateway confirmation; forged ones raise and change nothing. Safe to repeat."""
    svc = _services()
    result = svc.gateway.verify_callback(params)
    for _attempt in range(3):
        try:
            with svc.store.unit_of_work() as uow:
                dossier = uow.dossiers.get(dossier_id_of(result.txn_ref))
                outcome = apply_confirmation(dossier, result, svc.now())
                if outcome in (ConfirmationOutcome.CONFIRMED, ConfirmationOutcome.FAILED,
                               ConfirmationOutcome.AMOUNT_MISMATCH):
                    uow.dossiers.update(dossier)
                    uow.commit()
                return outcome
        except DossierNotFound:
            return ConfirmationOutcome.UNKNOWN_PAYMENT
        except StaleDossierError:
            continue  # the citizen's tab saved at the same moment: read again
    return ConfirmationOutcome.UNKNOWN_PAYMENT


@bp.route("/payments/ipn", methods=["POST"])
@csrf.exempt
@access("public")
def ipn():
    """The gateway confirms a payment server to server (its signature is checked here)."""
    try:
        outcome = confirm(request.form.to_dict())
    except ForgedCallbackError:
        return jsonify({"RspCode": "97", "Message": "Invalid signature"}), 400
    codes = {ConfirmationOutcome.CONFIRMED: "00", ConfirmationOutcome.FAILED: "00",
             ConfirmationOutcome.ALREADY_CONFIRMED: "02", ConfirmationOutcome.UNKNOWN_PAYMENT: "01",
             ConfirmationOutcome.AMOUNT_MISMATCH: "04"}
    return jsonify({"RspCode": codes[outcome], "Message": outcome.value})


@bp.route("/payments/return")
@access("public")
def returned():
    """The citizen comes back from the gateway; this page only shows the outcome, it changes nothing."""
    svc = _services()
    try:
        result = svc.gateway.verify_callback(request.args.to_dict())
    except ForgedCallbackError:
        abort(400)
    dossier_id = dossier_id_of(result.txn_ref)
    try:
        with svc.store.reading() as uow:
            filed = not uow.dossiers.get(dossier_id).is_draft
    except DossierNotFound:
        abort(404)
    next_url = url_for("citizen.dossier", dossier_id=dossier_id) if filed else url_for("filing.fees",
                                                                                      draft_id=dossier_id)
    return render_template("filing/returned.html", success=result.success, amount=result.amount,
                           next_url=next_url)


@bp.route("/demo-gateway/pay", methods=["GET", "POST"])
@access("public")
def demo_bank():
    """The demo gateway's own bank page (only with the demo gateway): approve or cancel a payment."""
    svc = _services()
    if not isinstance(svc.gateway, DemoGateway):
        abort(404)
    params = (request.form if request.method == "POST" else request.args).to_dict()
    choice = params.pop("choice", None)
    try:
        payment = svc.gateway.verify_request(params)
    except ForgedCallbackError:
        abort(400)
    if request.method == "GET":
        return render_template("filing/demo_bank.html", payment=payment, params=params)
    confirmation = svc.gateway.confirmation(payment, choice == "pay", f"DEMO{payment.txn_ref[-8:].upper()}")
    confirm(confirmation)  # the server-to-server call a real gateway makes
    return_url = params.get("mc_ReturnUrl") or url_for(".returned")
    if not return_url.startswith(request.host_url) and not return_url.startswith("/"):
        abort(400)
    from urllib.parse import urlencode

    return redirect(f"{return_url}?{urlencode(confirmation)}")

