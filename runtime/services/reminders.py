"""Deadline reminders to officials: a scheduled worker job (``deadline.remind``).

* **due soon** – a dossier at an official's step whose nearer deadline (the
  step's or the overall appointment) is at most the calendar's "due soon"
  window away (one working day by default): the officials who hold the step's
  role at the dossier's agency are told;
* **overdue** – a dossier at an official's step whose nearer deadline has
  passed (within the last :data:`LOOKBACK`, so a first run does not flood
  them with old cases): the agency's leaders are told.

Each reminder goes once per dossier, kind and step (a dossier that reaches a
new step with a new deadline can be reminded again): its key is kept forever
with the job queue (:meth:`~runtime.jobs.JobQueue.mark`), and the messages
carry ids made from it, so a job run twice (a worker killed mid-run) sends
nothing twice. Messages go through the outbox (e-mail, or SMS when the
official has a phone), and so show on the outbox page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..identity.officials import Official
from ..notifications import Message, render_message
from ..paths import themes_dir
from ..storage import DossierSummary, InboxCursor, InboxQuery
from ..workflow.step_map import step_map
from .context import Services

DUE_SOON = "deadline-due-soon"
OVERDUE = "deadline-overdue"
LEADER = "leader"
#: Overdue dossiers older than this are not reminded of (they show as overdue in the inbox).
LOOKBACK = dt.timedelta(days=7)
#: Dossiers read per page.
PAGE = 500
VN = ZoneInfo("Asia/Ho_Chi_Minh")
_US = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class Reminder:
    kind: str
    summary: DossierSummary
    to: tuple[Official, ...]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.summary.id}:{self.summary.step}"


def _holders(officials: Iterable[Official]) -> dict[tuple[str, str], list[Official]]:
    found: dict[tuple[str, str], list[Official]] = defaultdict(list)
    for official in officials:
        if official.active and (official.email or official.phone):
            for agency, role in sorted(official.roles):
                found[agency, role].append(official)
    return found


def _pages(services: Services, query: InboxQuery) -> Iterable[DossierSummary]:
    while True:
        with services.store.unit_of_work() as uow:
            found = uow.dossiers.inbox(query)
        yield from found
        if len(found) < query.limit:
            return
        query = InboxQuery(query.slots, urgent_from=query.urgent_from, urgent_until=query.urgent_until,
                           after=InboxCursor.after(found[-1]), limit=query.limit)


def due_reminders(services: Services, officials: Iterable[Official], now: dt.datetime, *,
                  lookback: dt.timedelta = LOOKBACK) -> list[Reminder]:
    """Every reminder due at ``now`` (sent or not)."""
    holders = _holders(officials)
    steps = step_map(services.catalog)
    responsible: dict[tuple[str, str, str], list[Official]] = defaultdict(list)
    for (agency, role), people in holders.items():
        for procedure, step in steps.by_role.get(role, ()):
            responsible[agency, procedure, step] += people
    if not responsible:
        return []
    slots = tuple(responsible)
    soon_until = services.calendar.due_soon_until(now)
    found = [Reminder(DUE_SOON, s, tuple(responsible[s.agency_code or "", s.procedure_code, s.step]))
             for s in _pages(services, InboxQuery(slots, urgent_from=now, urgent_until=soon_until, limit=PAGE))]
    for s in _pages(services, InboxQuery(slots, urgent_from=now - lookback, urgent_until=now - _US, limit=PAGE)):
        leaders = tuple(holders.get((s.agency_code or "", LEADER), ()))
        if leaders:
            found.append(Reminder(OVERDUE, s, leaders))
    return found


def _messages(services: Services, reminder: Reminder) -> list[Message]:
    s = reminder.summary
    procedure = services.catalog.get(s.procedure_code)
    deadline = min(d for d in (s.due_at, s.step_deadline) if d is not None)
    context = {"reference": s.reference or s.id, "applicant": s.applicant_name,
               "procedure": procedure.name.get("vi") if procedure else s.procedure_code,
               "deadline": deadline.astimezone(VN).strftime("%H:%M %d/%m/%Y"),
               "url": f"{services.base_url.rstrip('/')}/officials/dossiers/{s.id}"}
    subject, body = render_message([themes_dir() / "default" / "templates"], reminder.kind, "vi", context)
    messages = []
    for official in reminder.to:
        base = f"{reminder.key}:{official.username}"
        if official.email:
            messages.append(Message(id=f"{base}:email", channel="email", to=official.email, subject=subject,
                                    body=body, kind=reminder.kind, dossier_id=s.id, lang="vi"))
        if official.phone:
            messages.append(Message(id=f"{base}:sms", channel="sms", to=official.phone, subject=subject,
                                    body=subject, kind=reminder.kind, dossier_id=s.id, lang="vi"))
    return messages


def send_reminders(services: Services, officials: Iterable[Official], *, now: dt.datetime | None = None,
                   lookback: dt.timedelta = LOOKBACK) -> list[Message]:
    """Queue the reminders due at ``now`` not sent before; return the messages queued."""
    if services.jobs is None:
        raise RuntimeError("deadline reminders need the job queue (MOTCUA_WORKER 'thread' or 'external')")
    reminders = due_reminders(services, officials, now or services.now(), lookback=lookback)
    queued: list[Message] = []
    for i in range(0, len(reminders), PAGE):
        batch = reminders[i:i + PAGE]
        done = services.jobs.marked([r.key for r in batch])
        fresh = [r for r in batch if r.key not in done]
        messages = [m for r in fresh for m in _messages(services, r)]
        if messages:
            # The message ids come from the keys: queueing again after a crash before mark() is a no-op.
            many = getattr(services.outbox, "enqueue_many", None)
            queued += many(messages) if many is not None else [services.outbox.enqueue(m) for m in messages]
        services.jobs.mark([r.key for r in fresh])
    return queued
