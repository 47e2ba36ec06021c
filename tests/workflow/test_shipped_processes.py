"""Every shipped procedure's process runs through the engine: each end step is reached by real transitions,
and the inter-agency procedure moves between the commune, the police and social insurance."""

from __future__ import annotations

import datetime as dt
from collections import deque
from zoneinfo import ZoneInfo

import pytest

from runtime.agencies import load_directory
from runtime.calendar import WorkingCalendar
from runtime.definitions import load_definitions
from runtime.demo import DEMO_DIR
from runtime.dossiers.model import Dossier, Person
from runtime.paths import procedures_dir
from runtime.workflow import Actor, allowed_actions, apply_transition, plan_transition, start_processing
from tests.forms.payloads import satisfy

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN)
ADDRESS = {"province_code": "79", "commune_code": "26743", "street": "1 Lê Lợi"}
DIRECTORY = load_directory(DEMO_DIR / "agencies.json")
CALENDAR = WorkingCalendar()
PROCEDURES = load_definitions([procedures_dir()]).procedures
CASES = [(p, c) for p in PROCEDURES for c in p.cases]


def _everyone(case) -> Actor:
    roles = {s.role for s in case.processing.steps}
    return Actor("official", "official", frozenset((a.code, r) for a in DIRECTORY for r in roles))


def _copy(dossier: Dossier) -> Dossier:
    return Dossier.from_dict(dossier.to_dict())


def _new(procedure, case) -> Dossier:
    data = {}
    for step in case.processing.steps:
        if step.agency.address_field:
            data[step.agency.address_field.strip("/").split("/")[0]] = dict(ADDRESS)
    dossier = Dossier(procedure_code=procedure.code, definition_version=procedure.version, case_id=case.id,
                      applicant=Person(full_name="Lê Văn Tám", address=dict(ADDRESS)), data=data)
    start_processing(case, procedure, dossier, DIRECTORY, CALENDAR, NOW)
    return dossier


@pytest.mark.parametrize(("procedure", "case"), CASES, ids=lambda x: getattr(x, "code", None) or x.id)
def test_every_end_step_is_reached_through_the_engine(procedure, case):
    official, applicant = _everyone(case), Actor("applicant", "applicant")
    start = _new(procedure, case)
    queue, reached = deque([start]), {start.status.step}
    while queue:
        dossier = queue.popleft()
        step = case.processing.step(dossier.status.step)
        for action in step.actions:
            trial = _copy(dossier)
            if action.when is not None:
                trial.data.update(satisfy(action.when.schema))
            actor = applicant if step.waits_for_applicant else official
            if action not in allowed_actions(case, trial, actor):
                continue
            transition = plan_transition(case, procedure, trial, action.id, actor, DIRECTORY, CALENDAR, NOW,
                                         comment="Ghi chú", attachments=("0" * 64,))
            apply_transition(case, trial, transition, actor, CALENDAR, NOW)
            assert trial.status.national_code == case.processing.step(action.to).status
            if action.to not in reached:
                reached.add(action.to)
                queue.append(trial)
    ends = {s.id for s in case.processing.steps if s.end}
    assert ends <= reached, f"end steps never reached: {sorted(ends - reached)}"


def _act(case, procedure, dossier, action, actor):
    transition = plan_transition(case, procedure, dossier, action, actor, DIRECTORY, CALENDAR, NOW,
                                 comment="Ghi chú", attachments=("0" * 64,))
    apply_transition(case, dossier, transition, actor, CALENDAR, NOW)


def test_inter_agency_procedure_moves_between_the_commune_police_and_social_insurance():
    procedure = next(p for p in PROCEDURES if p.code == "2.000986")
    case = procedure.cases[0]
    actor = _everyone(case)
    dossier = _new(procedure, case)
    agencies = [dossier.agency_code]
    for action in ["accept", "propose", "approve", "transfer-police", "registered", "issue-card", "hand-over"]:
        _act(case, procedure, dossier, action, actor)
        agencies.append(dossier.agency_code)
    kinds = [DIRECTORY.get(code).kind for code in agencies]
    assert kinds == ["commune-peoples-committee"] * 4 + ["commune-police", "social-insurance"] + \
        ["commune-peoples-committee"] * 2
    assert dossier.status.national_code == 10 and DIRECTORY.get(dossier.agency_code).commune_code == "26743"
    transfers = [e for e in dossier.events if e.data.get("kind") == "transfer"]
    assert [e.data["agency"] for e in transfers] == [agencies[4], agencies[5]]


def test_an_official_of_the_first_agency_cannot_act_once_the_dossier_is_transferred():
    procedure = next(p for p in PROCEDURES if p.code == "2.000986")
    case = procedure.cases[0]
    dossier = _new(procedure, case)
    commune = dossier.agency_code
    actor = _everyone(case)
    for action in ["accept", "propose", "approve", "transfer-police"]:
        _act(case, procedure, dossier, action, actor)
    commune_staff = Actor("x", "official", frozenset({(commune, "residence-officer")}))
    assert allowed_actions(case, dossier, commune_staff) == []
