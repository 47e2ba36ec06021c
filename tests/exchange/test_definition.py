"""The ``exchange`` keyword of a step: checked, compiled, and only the partner's reports act at the step."""

from __future__ import annotations

import pytest

from runtime.definitions.compiler import compile_procedure
from runtime.definitions.loader import check_definition
from runtime.dossiers.model import Dossier, Person, Status
from runtime.workflow import Actor, allowed_actions, exchange_actor

from .instances import COMMUNE, commune_definition


def residence_step(doc: dict) -> dict:
    return next(s for s in doc["processing"]["steps"] if s["id"] == "residence")


def codes(doc: dict) -> list[tuple[str, str]]:
    return [(p.code, p.pointer) for p in check_definition(doc, "procedure.json") if p.is_error]


def test_a_step_handed_to_a_partner_is_a_valid_definition_and_compiles_with_its_reports():
    doc = commune_definition()
    assert codes(doc) == []
    step = compile_procedure(doc).cases[0].processing.step("residence")
    assert step.exchange is not None and step.exchange.to == "police-benthanh"
    assert step.exchange.on == {"result": "registered", "supplement": "request-supplement",
                                "refused": "refuse-residence"}


def test_a_report_naming_an_action_the_step_lacks_is_a_problem_at_its_pointer():
    doc = commune_definition()
    residence_step(doc)["exchange"]["on"]["result"] = "registerd"
    index = doc["processing"]["steps"].index(residence_step(doc))
    assert ("exchange.unknown_action", f"/processing/steps/{index}/exchange/on/result") in codes(doc)


def test_a_partner_supplement_request_must_lead_to_the_applicant():
    doc = commune_definition()
    residence_step(doc)["exchange"]["on"]["supplement"] = "registered"
    assert "exchange.supplement_target" in [code for code, _ in codes(doc)]


@pytest.mark.parametrize("broken", [{"to": "police"}, {"to": "Police HCM", "procedure": "1"},
                                    {"to": "police", "procedure": "1", "on": {"approved": "registered"}}])
def test_a_malformed_exchange_is_refused_by_the_schema(broken):
    doc = commune_definition()
    residence_step(doc)["exchange"] = broken
    assert codes(doc), f"{broken} accepted"


def test_only_the_partners_reports_act_at_a_step_it_handles():
    procedure = compile_procedure(commune_definition())
    case = procedure.cases[0]
    dossier = Dossier(procedure_code=procedure.code, applicant=Person(full_name="Nguyễn Thị Lan"),
                      agency_code=COMMUNE, status=Status(step="residence", national_code=4), is_draft=False)
    officer = Actor("cutru", "official", roles=frozenset({(COMMUNE, "residence-officer")}))
    assert allowed_actions(case, dossier, officer) == [], "the partner handles it, not our officials"
    partner = Actor(exchange_actor("police-benthanh"), "system")
    assert {a.id for a in allowed_actions(case, dossier, partner)} == {
        "registered", "ask-completion", "refuse-residence", "request-supplement"}
    assert allowed_actions(case, dossier, Actor(exchange_actor("someone-else"), "system")) == []
