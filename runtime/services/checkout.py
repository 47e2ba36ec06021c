"""Starting a payment: record the pending attempt on the dossier, then send the applicant to the gateway."""

from __future__ import annotations

from ..payments import PaymentRequest, new_payment
from .context import Services


def begin_payment(services: Services, dossier_id: str, amount: int, return_url: str, description: str) -> str:
    """Record a pending payment of ``amount`` in one unit of work; the gateway URL to send the applicant to.

    Raises :class:`~runtime.storage.StaleDossierError` when the dossier changed meanwhile.
    """
    with services.store.unit_of_work() as uow:
        dossier = uow.dossiers.get(dossier_id)
        payment = new_payment(dossier, amount, services.gateway.name, services.now())
        uow.dossiers.update(dossier)
        uow.commit()
    request = PaymentRequest(payment["txn_ref"], amount, description, dossier_id)
    return services.gateway.checkout_url(request, return_url)
