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
    """Queue e-mail and SMS for ``kind`` and send them in the background; failures are retried later."""
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
    if incoming_link(dossier) is not None:
        pass  # filed for a partner system: the citizen hears from the system they filed with
    elif dossier.applicant.email:
        messages.append(Message(id="", channel="email", to=dossier.applicant.email, subject=subject, body=body,
                                kind=kind, dossier_id=dossier.id, lang=lang))
    if dossier.applicant.phone and incoming_link(dossier) is None:
        messages.append(Message(id="", channel="sms", to=dossier.applicant.phone, subject=subject, body=subject,
                                kind=kind, dossier_id=dossier.id, lang=lang))
    many = getattr(services.outbox, "enqueue_many", None)
    queued = many(messages) if many is not None else [services.outbox.enqueue(m) for m in messages]
    if services.jobs is not None:
        if services.portal is not None and services.portal.name != "none":
            services.jobs.enqueue("portal.sync", {"dossier_id": dossier.id},
                                  key=f"portal:{dossier.id}:{len(dossier.events)}")
    elif queued:
        threading.Thread(target=services.outbox.dispatch, name="motcua-notify", daemon=True).start()
    return queued
