"""Filing from any ward of the country: routed to the ward's own office, or a clear problem, never a 500."""

from __future__ import annotations

import dataclasses

import pytest

from runtime.agencies import build_directory
from runtime.services.submission import SubmissionError, submit_draft

from .conftest import ADDRESS, BIRTH_DATA, make_draft

HANOI = {"province_code": "01", "commune_code": "00004", "street": "1 Điện Biên Phủ"}


def _draft_at(services, address):
    data = dict(BIRTH_DATA, applicant_address=address, mother_address=address)
    draft = make_draft(services, data=data)
    with services.store.unit_of_work() as uow:
        stored = uow.dossiers.get(draft.id)
        stored.applicant.address = address
        uow.dossiers.update(stored)
        uow.commit()
    return draft


def test_dossier_from_a_ward_outside_hcmc_goes_to_that_wards_committee(services):
    dossier = submit_draft(services, _draft_at(services, HANOI).id, "citizen-lan")
    assert dossier.agency_code == "000.00.004.H01" and dossier.reference.startswith("000.00.004.H01-")


def test_filing_where_no_office_serves_is_a_clear_problem_when_the_directory_has_none(services):
    services = dataclasses.replace(services, agencies=build_directory({"base": "none"}))
    with pytest.raises(SubmissionError) as raised:
        submit_draft(services, _draft_at(services, ADDRESS).id, "citizen-lan")
    [problem] = raised.value.problems
    assert problem.key == "agency.none" and "Trung tâm Phục vụ hành chính công" in problem.message("vi")


def test_the_receiving_ward_outside_hcmc_has_demo_officials_who_see_the_dossier(services):
    from runtime.identity.officials import DEMO_OFFICIALS, JsonOfficialDirectory
    from runtime.web.access import Principal, can_see_dossier

    dossier = submit_draft(services, _draft_at(services, HANOI).id, "citizen-lan")
    officials = JsonOfficialDirectory(DEMO_OFFICIALS, [a.code for a in services.agencies])
    receiver = next(o for o in officials if o.username == "tiepnhan.badinh")
    who = Principal("official", receiver.username, receiver.name, roles=frozenset(receiver.roles))
    assert (dossier.agency_code, "receiver") in receiver.roles and can_see_dossier(who, dossier)
