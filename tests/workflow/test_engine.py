"""The generic workflow engine on the shipped birth-registration procedure."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from runtime.agencies import load_directory
from runtime.calendar import WorkingCalendar
from runtime.definitions import load_procedure
from runtime.demo import DEMO_DIR
from runtime.dossiers.audit import verify_chain
from runtime.dossiers.model import Dossier, Person
from runtime.paths import procedures_dir
from runtime.workflow import (
    ActionNotAllowedError,
    Actor,
    MissingInputError,
    allowed_actions,
    apply_transition,
    deadline_view,
    plan_transition,
    start_processing,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = "000.26.743.H79"  # People's Committee of Ben Thanh Ward
RECEIVER = Actor("can-bo-1", "official", frozenset({(AGENCY, "receiver")}))
OFFICER = Actor("can-bo-2", "official", frozenset({(AGENCY, "civil-status-officer")}))
LEADER = Actor("lanh-dao", "official", frozenset({(AGENCY, "leader")}))
APPLICANT = Actor("citizen-1", "applicant")
OTHER_WARD = Actor("can-bo-x", "official", frozenset({("000.26.740.H79", "receiver")}))


def at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=VN)


@pytest.fixture(scope="module")
def world():
    procedure = load_procedure(procedures_dir() / "1.001193" / "procedure.json")
    return procedure, procedure.cases[0], load_directory(DEMO_DIR / "agencies.json"), WorkingCalendar()


def new_dossier(world, now):
    procedure, case, directory, calendar = world
    dossier = Dossier(procedure_code=procedure.code, definition_version=procedure.version, case_id=case.id,
                      account_id="citizen-1", data={"relationship_to_child": "mother"},
                      applicant=Person(full_name="Nguyễn Thị Lan",
                                       address={"province_code": "79", "commune_code": "26743"}))
    start_processing(case, procedure, dossier, directory, calendar, now)
    return dossier


def act(world, dossier, action, actor, now, **kwargs):
    procedure, case, directory, calendar = world
    transition = plan_transition(case, procedure, dossier, action, actor, directory, calendar, now, **kwargs)
    apply_transition(case, dossier, transition, actor, calendar, now)
    return transition


def test_submitted_dossier_starts_at_the_applicants_ward(world):
    dossier = new_dossier(world, at("2026-03-02"))
    assert (dossier.status.step, dossier.status.national_code, dossier.agency_code) == ("receive", 1, AGENCY)
    assert not dossier.is_draft


def test_happy_path_reaches_the_end_with_national_status_codes_and_a_valid_chain(world):
    dossier = new_dossier(world, at("2026-03-02", 8))
    codes = []
    for action, actor, hour in [("accept", RECEIVER, 8), ("propose", OFFICER, 10), ("approve", LEADER, 13),
                                ("hand-over", RECEIVER, 14)]:
        t = act(world, dossier, action, actor, at("2026-03-02", hour))
        codes.append(dossier.status.national_code)
        if action == "accept":
            assert t.slips == ("01",)
    assert codes == [4, 4, 9, 10]
    assert dossier.status.step == "done" and dossier.returned_at is not None
    assert dossier.due_at == at("2026-03-03", 8)  # one working day after receipt at 08:00
    assert [e.action for e in dossier.events] == ["accept", "propose", "approve", "hand-over"]
    assert verify_chain(dossier) == []


def test_refusal_ends_with_status_3_and_needs_a_reason(world):
    dossier = new_dossier(world, at("2026-03-02"))
    with pytest.raises(MissingInputError):
        act(world, dossier, "refuse", RECEIVER, at("2026-03-02", 10))
    t = act(world, dossier, "refuse", RECEIVER, at("2026-03-02", 10), comment="Thiếu giấy chứng sinh")
    assert dossier.status.step == "refused" and dossier.status.national_code == 3 and t.slips == ("03",)
    assert allowed_actions(world[1], dossier, RECEIVER) == []


def test_return_to_an_earlier_step(world):
    dossier = new_dossier(world, at("2026-03-02", 8))
    act(world, dossier, "accept", RECEIVER, at("2026-03-02", 8))
    act(world, dossier, "propose", OFFICER, at("2026-03-02", 9))
    act(world, dossier, "return", LEADER, at("2026-03-02", 10), comment="Kiểm tra lại ngày sinh")
    assert dossier.status.step == "examine"


def test_withdrawal_by_the_applicant_is_status_7(world):
    dossier = new_dossier(world, at("2026-03-02"))
    act(world, dossier, "request-supplement", RECEIVER, at("2026-03-02", 10), comment="Bổ sung giấy chứng sinh")
    act(world, dossier, "withdraw", APPLICANT, at("2026-03-03", 10))
    assert dossier.status.national_code == 7


def test_only_the_right_role_at_the_right_agency_may_act(world):
    dossier = new_dossier(world, at("2026-03-02"))
    for actor in (OFFICER, LEADER, OTHER_WARD, APPLICANT):
        assert allowed_actions(world[1], dossier, actor) == []
        with pytest.raises(ActionNotAllowedError):
            act(world, dossier, "accept", actor, at("2026-03-02", 10))


def test_supplement_rounds_pause_the_clock_and_never_make_it_falsely_overdue(world):
    calendar = world[3]
    dossier = new_dossier(world, at("2026-03-02", 8))
    act(world, dossier, "accept", RECEIVER, at("2026-03-02", 8))
    due = dossier.due_at
    assert due == at("2026-03-03", 8)
    rounds = [(at("2026-03-02", 9), at("2026-03-09", 9)), (at("2026-03-09", 10), at("2026-03-16", 10))]
    for round_start, answer in rounds:
        act(world, dossier, "request-supplement", OFFICER if dossier.status.step == "examine" else RECEIVER,
            round_start, comment="Bổ sung")
        assert dossier.status.national_code == 5
        waiting = deadline_view(dossier, calendar, answer)
        assert waiting.paused and waiting.overall != "overdue"
        act(world, dossier, "answer", APPLICANT, answer)
        act(world, dossier, "accept", RECEIVER, answer)
    # Paused 5 working days in each round: the deadline moved by exactly that working time.
    assert dossier.due_at == at("2026-03-17", 8)
    assert deadline_view(dossier, calendar, at("2026-03-16", 16)).overall != "overdue"
    assert deadline_view(dossier, calendar, at("2026-03-17", 9)).overall == "overdue"
    assert all(p.end is not None for p in dossier.pauses) and len(dossier.pauses) == 2


def test_step_overdue_is_judged_per_step(world):
    calendar = world[3]
    dossier = new_dossier(world, at("2026-03-02", 8))
    act(world, dossier, "accept", RECEIVER, at("2026-03-02", 8))
    # "examine" has 4 working hours: due 12:00 + lunch → 13:30 on the same day.
    assert dossier.step_deadline == at("2026-03-02", 13, 30)
    assert deadline_view(dossier, calendar, at("2026-03-02", 13, 0)).step == "due_soon"
    view = deadline_view(dossier, calendar, at("2026-03-02", 15))
    assert view.step == "overdue" and view.overall == "due_soon"


def test_late_dossier_requires_an_apology_slip_with_a_new_date(world):
    dossier = new_dossier(world, at("2026-03-02", 8))
    act(world, dossier, "accept", RECEIVER, at("2026-03-02", 8))
    late = at("2026-03-05", 9)
    with pytest.raises(MissingInputError, match="apology"):
        act(world, dossier, "propose", OFFICER, late)
    t = act(world, dossier, "propose", OFFICER, late, new_due_at=at("2026-03-06", 16))
    assert "04" in t.slips and dossier.due_at == at("2026-03-06", 16)
    # One apology per delay: the next step does not ask again before the new date.
    t2 = act(world, dossier, "approve", LEADER, at("2026-03-05", 10))
    assert "04" not in t2.slips


def _with_result_fee(dossier, paid: int = 0):
    dossier.fees = {"total": 58000, "lines": [
        {"item_id": "copies", "amount": 8000, "collect_at": "receipt"},
        {"item_id": "certificate", "amount": 50000, "collect_at": "result"}]}
    dossier.payments = [{"txn_ref": "a", "amount": 8000, "status": "paid"}]
    if paid:
        dossier.payments.append({"txn_ref": "b", "amount": paid, "status": "paid"})


def test_result_is_not_handed_over_while_fees_due_at_result_are_unpaid(world):
    from runtime.workflow import outstanding_fees

    dossier = new_dossier(world, at("2026-03-02", 8))
    _with_result_fee(dossier)
    for action, actor in [("accept", RECEIVER), ("propose", OFFICER), ("approve", LEADER)]:
        act(world, dossier, action, actor, at("2026-03-02", 9))
    assert outstanding_fees(dossier, ("supplement", "result")) == 50000
    with pytest.raises(MissingInputError, match="fees"):
        act(world, dossier, "hand-over", RECEIVER, at("2026-03-02", 10))
    _with_result_fee(dossier, paid=50000)
    act(world, dossier, "hand-over", RECEIVER, at("2026-03-02", 10))
    assert dossier.status.national_code == 10
