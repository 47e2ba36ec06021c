"""Queue the notifications of a committed change (never inside the unit of work)."""

from __future__ import annotations

import threading
from zoneinfo import ZoneInfo

from ..definitions import Procedure
from ..dossiers.model import Dossier
from ..exchange.outbox import incoming_link
from ..notifications import Message, render_message
from ..paths import themes_dir
from .context import Services

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def notify_after_commit(services: Services, dossier: Dossier, procedure: Procedure, kind: str, *,
                        comment: str | None = None, lang: str | None = None) -> list[Message]:
    """Queue e-mail and SMS for ``kind`` and send them in the background; failures are retried later.

    Only the channels the citizen keeps on (:mod:`runtime.notifications.preferences`) are used.
    """
    lang = lang or dossier.extra.get("lang", "vi")
    agency = services.agencies.get(dossier.agency_code or "")
    context = {
        "reference": dossier.reference or "", "applicant": dossier.applicant.full_name,
        "agency": agency.name(lang) if agency else "", "procedure": procedure.name.get(lang),
        "due_at": dossier.due_at.astimezone(VN).strftime("%H:%M %d/%m/%Y") if dossier.due_at else "",
        "tracking_url": services.tracking_url(dossier.reference or ""), "comment": comment or "",
        "amount": f"{int(dossier.fees.get('total', 0)):,}".replace(",", ".") + " đồng",
    }
    templates = [themes_dir() / "default" / "templates"]
    subject, body = render_message(templates, kind, lang, context)
    messages = []
    chosen = services.preferences.get(dossier.account_id) if services.preferences is not None else None
    # filed for a partner system: the citizen hears from the system they filed with
    ours = incoming_link(dossier) is None
    if ours and dossier.applicant.email and (chosen is None or chosen.email):
        messages.append(Message(id="", channel="email", to=dossier.applicant.email, subject=subject, body=body,
                                kind=kind, dossier_id=dossier.id, lang=lang))
    if ours and dossier.applicant.phone and (chosen is None or chosen.sms):
        messages.append(Message(id="", channel="sms", to=dossier.applicant.phone, subject=subject, body=subject,
                                kind=kind, dossier_id=dossier.id, lang=lang))
    many = getattr(services.outbox, "enqueue_many", None)
    queued = many(messages) if many is not None else [services.outbox.enqueue(m) for m in messages]
    if services.jobs is None and queued:
        threading.Thread(target=services.outbox.dispatch, name="motcua-notify", daemon=True).start()
    return queued
