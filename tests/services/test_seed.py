"""The demo dossiers land in every state, once."""

from __future__ import annotations

from builder.seed import PLAN, seed_demo
from runtime.storage import DossierQuery


def test_demo_seed_files_dossiers_in_every_state_once(services):
    assert seed_demo(services) == len(PLAN)
    with services.store.unit_of_work() as uow:
        rows = uow.dossiers.list_summaries(DossierQuery(is_draft=False, limit=50))
    assert sorted(r.national_code for r in rows) == [1, 4, 4, 5, 10]
    assert {r.account_id for r in rows} == {"vn-079095220260", "vn-079300334579"}
    assert seed_demo(services) == 0
