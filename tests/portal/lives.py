"""Dossiers driven through their whole lives at the workflow level (no PDFs): the portal sync's load.

Each dossier is filed as ``submit_draft`` files it (status 1, event "submit"),
then every step takes its first action an official of the step's role may
take, until an end step. After every change the sync records it, exactly as
the services do after a commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from runtime.dossiers.model import Dossier, Person
from runtime.services.portal_sync import record_changes
from runtime.workflow import Actor, allowed_actions, apply_transition, current_step, plan_transition, start_processing

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PROCEDURE = "1.001193"
ADDRESS = {"province_code": "79", "commune_code": "26743", "street": "12 Lê Lợi"}


def _actor(step, agency: str) -> Actor:
    if step.waits_for_applicant:
        return Actor("vn-079190012345", "applicant")
    return Actor(f"{step.role}-1", "official", frozenset({(agency, step.role)}))


def live(services, number: int, now: dt.datetime, on_change: Callable[[Dossier], None] | None = None) -> Dossier:
    """File dossier ``number``, take it to an end step and store it; return it (its changes recorded for the portal)."""
    procedure = services.catalog.get(PROCEDURE)
    case = procedure.case("on-time")
    dossier = Dossier(procedure_code=PROCEDURE, definition_version=procedure.version, case_id=case.id,
                      account_id="vn-079190012345", applicant=Person(full_name="Nguyễn Thị Lan", address=ADDRESS),
                      data={"applicant_address": ADDRESS})
    start_processing(case, procedure, dossier, services.agencies, services.calendar, now)
    dossier.reference = f"{dossier.agency_code}-{now:%y%m%d}-{number:05d}"
    dossier.received_at = now
    dossier.due_at = services.calendar.deadline_for(now, case.time_limit.amount, case.time_limit.unit)
    dossier.append_event(actor="vn-079190012345", actor_role="applicant", action="submit", at=now,
                         to_step=dossier.status.step,
                         data={"national_code": dossier.status.national_code, "agency": dossier.agency_code})
    record_changes(services, dossier)
    supplement = number % 3 == 0  # every third dossier is asked for a supplement once, and answers it
    while not (step := current_step(case, dossier)).end:
        actor = _actor(step, dossier.agency_code or "")
        possible = [a for a in allowed_actions(case, dossier, actor)
                    if not {"attachment", "result-document"} & set(a.requires)]
        wanted = [a for a in possible if a.kind == "request-supplement"] if supplement else []
        supplement = False
        action = (wanted or [a for a in possible if a.kind not in ("request-supplement", "refuse", "withdraw",
                                                                     "return")])[0]
        now += dt.timedelta(minutes=5)
        transition = plan_transition(case, procedure, dossier, action.id, actor, services.agencies,
                                     services.calendar, now, comment="ok")
        apply_transition(case, dossier, transition, actor, services.calendar, now)
        if on_change is not None:
            on_change(dossier)
        record_changes(services, dossier)
    with services.store.unit_of_work() as uow:  # stored as it ends (reconciliation reads the store)
        uow.dossiers.add(dossier)
        uow.commit()
    return dossier


def lives(services, count: int, start: dt.datetime) -> Iterator[Dossier]:
    for number in range(1, count + 1):
        yield live(services, number, start + dt.timedelta(seconds=number))
