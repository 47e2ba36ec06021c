"""The storage contract: every backend passes these tests unchanged."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from storage_factories import T0, build_dossier

from runtime.dossiers.audit import verify_chain
from runtime.storage import (
    DossierNotFound,
    DossierQuery,
    DuplicateDossierError,
    EventLogError,
    StaleDossierError,
    Store,
    open_store,
)

AGENCY = "000.00.20.H29"
DAY = date(2024, 5, 6)


def submit(store: Store, dossier, agency: str = AGENCY, day: date = DAY):
    """Give ``dossier`` a code and store it, as a submission does."""
    with store.unit_of_work() as uow:
        dossier.reference = uow.references.next_reference(agency, day)
        uow.dossiers.add(dossier)
        uow.commit()
    return dossier


def stored_count(store: Store, **filters) -> int:
    with store.unit_of_work() as uow:
        return uow.dossiers.count(DossierQuery(**filters))


def test_dossier_reads_back_identical_when_added_and_committed(store: Store) -> None:
    dossier = build_dossier(step="receive", national_code=2, due_at=T0 + timedelta(days=3))
    submit(store, dossier)
    assert dossier.version == 1
    with store.unit_of_work() as uow:
        loaded = uow.dossiers.get(dossier.id)
        by_code = uow.dossiers.get_by_reference(dossier.reference)
    assert loaded.to_dict() == dossier.to_dict()
    assert by_code.id == dossier.id


def test_get_raises_not_found_when_id_or_code_unknown(store: Store) -> None:
    with store.unit_of_work() as uow:
        with pytest.raises(DossierNotFound, match="does not exist"):
            uow.dossiers.get("0" * 32)
        with pytest.raises(DossierNotFound, match="no dossier has the code"):
            uow.dossiers.get_by_reference("NOPE-240101-0001")


def test_add_is_refused_when_id_or_code_already_stored(store: Store) -> None:
    first = submit(store, build_dossier())
    twin = build_dossier()
    twin.id = first.id
    clash = build_dossier()
    clash.reference = first.reference
    for duplicate in (twin, clash):
        with store.unit_of_work() as uow, pytest.raises(DuplicateDossierError):
            uow.dossiers.add(duplicate)
            uow.commit()
    assert stored_count(store) == 1


def _fill(store: Store) -> dict[str, str]:
    specs = {
        "a": dict(agency=AGENCY, step="receive", national_code=2, due_at=T0 + timedelta(days=5)),
        "b": dict(agency=AGENCY, step="review", national_code=2, due_at=T0 + timedelta(days=1)),
        "c": dict(agency=AGENCY, step="done", national_code=10, due_at=None),
        "d": dict(agency="H29.99", step="receive", national_code=2, due_at=T0 + timedelta(days=2)),
        "e": dict(agency=AGENCY, step="review", national_code=3, due_at=T0 + timedelta(days=9)),
    }
    ids = {}
    for key, spec in specs.items():
        dossier = build_dossier(name=f"Applicant {key}", procedure_code=f"1.00{key}", **spec)
        submit(store, dossier, agency=spec["agency"])
        ids[dossier.id] = key
    return ids


def test_list_filters_by_agency_step_status_and_due_date_when_many_dossiers(store: Store) -> None:
    ids = _fill(store)

    def keys(**filters) -> list[str]:
        with store.unit_of_work() as uow:
            return [ids[d.id] for d in uow.dossiers.list(DossierQuery(**filters))]

    assert keys(agency_code=AGENCY) == ["b", "a", "e", "c"]
    assert keys(agency_code=AGENCY, step="review") == ["b", "e"]
    assert keys(agency_code=AGENCY, step=("receive", "done")) == ["a", "c"]
    assert keys(national_code=2) == ["b", "d", "a"]
    assert keys(due_before=T0 + timedelta(days=3)) == ["b", "d"]
    assert keys(procedure_code="1.00e") == ["e"]
    assert keys(agency_code="H29.99", step="receive") == ["d"]
    assert keys(agency_code="nowhere") == []


def test_list_orders_and_pages_when_order_limit_and_offset_given(store: Store) -> None:
    ids = _fill(store)
    with store.unit_of_work() as uow:
        page = uow.dossiers.list(DossierQuery(order_by="due_at", limit=2, offset=1))
        newest = uow.dossiers.list(DossierQuery(order_by="-due_at", limit=1))
        total = uow.dossiers.count(DossierQuery(limit=1))
    assert [ids[d.id] for d in page] == ["d", "a"]
    assert [ids[d.id] for d in newest] == ["e"]
    assert total == 5


def test_summaries_carry_inbox_columns_when_listed(store: Store) -> None:
    dossier = build_dossier(step="review", national_code=2, due_at=T0 + timedelta(days=4))
    submit(store, dossier)
    with store.unit_of_work() as uow:
        (row,) = uow.dossiers.list_summaries(DossierQuery(agency_code=AGENCY))
    assert (row.id, row.reference, row.procedure_code) == (dossier.id, dossier.reference, "1.001193")
    assert (row.applicant_name, row.step, row.national_code) == ("Nguyễn Văn An", "review", 2)
    assert row.due_at == dossier.due_at
    assert row.step_deadline == T0 + timedelta(days=1)
    assert (row.agency_code, row.is_draft, row.version) == (AGENCY, False, 1)


def test_text_query_ignores_case_and_diacritics_when_matching_name_or_code(store: Store) -> None:
    dossier = submit(store, build_dossier(name="Đặng Thị Hồng Nhung", step="receive"))
    submit(store, build_dossier(name="Lê Văn Tám", step="receive"))
    with store.unit_of_work() as uow:
        by_name = uow.dossiers.list(DossierQuery(text="dang thi HONG"))
        by_code = uow.dossiers.list(DossierQuery(text=dossier.reference[-6:]))
    assert [d.id for d in by_name] == [dossier.id]
    assert [d.id for d in by_code] == [dossier.id]


def test_stale_update_is_refused_when_dossier_changed_concurrently(store: Store) -> None:
    dossier = submit(store, build_dossier(step="receive"))
    with store.unit_of_work() as first, store.unit_of_work() as second:
        mine, theirs = first.dossiers.get(dossier.id), second.dossiers.get(dossier.id)
        mine.data["note"] = "first"
        first.dossiers.update(mine)
        first.commit()
        theirs.data["note"] = "second"
        with pytest.raises(StaleDossierError, match="modified concurrently"):
            second.dossiers.update(theirs)
            second.commit()
    with store.unit_of_work() as uow:
        stored = uow.dossiers.get(dossier.id)
    assert (stored.data["note"], stored.version) == ("first", 2)


def test_version_increments_when_update_commits(store: Store) -> None:
    dossier = submit(store, build_dossier())
    for expected in (2, 3):
        with store.unit_of_work() as uow:
            loaded = uow.dossiers.get(dossier.id)
            uow.dossiers.update(loaded)
            uow.commit()
        assert loaded.version == expected
    with store.unit_of_work() as uow:
        assert uow.dossiers.get(dossier.id).version == 3


def test_nothing_is_stored_when_exception_raised_inside_unit_of_work(store: Store) -> None:
    existing = submit(store, build_dossier(step="receive"))
    with pytest.raises(RuntimeError, match="crash"), store.unit_of_work() as uow:
        fresh = build_dossier(name="Half Written")
        fresh.reference = uow.references.next_reference(AGENCY, DAY)
        uow.dossiers.add(fresh)
        loaded = uow.dossiers.get(existing.id)
        loaded.status.step = "review"
        loaded.append_event(actor="officer-1", action="forward", at=T0)
        uow.dossiers.update(loaded)
        raise RuntimeError("crash in the middle of the action")
    with store.unit_of_work() as uow:
        with pytest.raises(DossierNotFound):
            uow.dossiers.get(fresh.id)
        after = uow.dossiers.get(existing.id)
    assert (after.version, after.status.step, len(after.events)) == (1, "receive", 1)
    assert stored_count(store, step="review") == 0


def test_nothing_is_stored_when_unit_of_work_ends_without_commit(store: Store) -> None:
    dossier = build_dossier()
    with store.unit_of_work() as uow:
        uow.dossiers.add(dossier)
    assert stored_count(store) == 0


def test_own_changes_are_visible_when_read_inside_the_unit_of_work(store: Store) -> None:
    with store.unit_of_work() as uow:
        dossier = build_dossier(step="receive")
        uow.dossiers.add(dossier)
        assert uow.dossiers.get(dossier.id).id == dossier.id
        assert uow.dossiers.count(DossierQuery(step="receive")) == 1
        uow.commit()


def test_drafts_have_no_code_and_are_found_when_filtering_by_account(store: Store) -> None:
    draft = build_dossier(account_id="citizen-42")
    with store.unit_of_work() as uow:
        uow.dossiers.add(draft)
        uow.commit()
    submit(store, build_dossier(account_id="citizen-42", step="receive"))
    with store.unit_of_work() as uow:
        drafts = uow.dossiers.list(DossierQuery(account_id="citizen-42", is_draft=True))
        mine = uow.dossiers.count(DossierQuery(account_id="citizen-42"))
    assert [(d.id, d.reference, d.status.step, d.status.national_code) for d in drafts] == [
        (draft.id, None, "draft", 1)
    ]
    assert mine == 2


def test_events_keep_their_order_when_appended_across_updates(store: Store) -> None:
    dossier = submit(store, build_dossier())
    for action in ("submit", "receive", "forward", "approve"):
        with store.unit_of_work() as uow:
            loaded = uow.dossiers.get(dossier.id)
            loaded.append_event(actor="officer-1", action=action)
            uow.dossiers.update(loaded)
            uow.commit()
    with store.unit_of_work() as uow:
        stored = uow.dossiers.get(dossier.id)
    assert [e.action for e in stored.events] == ["create", "submit", "receive", "forward", "approve"]
    assert [e.seq for e in stored.events] == [1, 2, 3, 4, 5]
    assert verify_chain(stored) == []


@pytest.mark.parametrize("change", ["edit", "drop", "rechain"])
def test_update_is_refused_when_it_changes_or_drops_stored_events(store: Store, change: str) -> None:
    dossier = build_dossier()
    dossier.append_event(actor="officer-1", action="receive", at=T0)
    submit(store, dossier)
    with store.unit_of_work() as uow:
        loaded = uow.dossiers.get(dossier.id)
        if change == "edit":
            loaded.events[0].comment = "rewritten history"
        elif change == "drop":
            loaded.events.pop()
        else:  # rewrite an event and recompute every hash: still refused
            events, loaded.events = loaded.events, []
            for event in events:
                loaded.append_event(actor="forger", action=event.action, at=event.at)
        with pytest.raises(EventLogError, match="append-only"):
            uow.dossiers.update(loaded)
            uow.commit()
    with store.unit_of_work() as uow:
        stored = uow.dossiers.get(dossier.id)
    assert [e.to_dict() for e in stored.events] == [e.to_dict() for e in dossier.events]


def test_code_sequence_is_gap_free_when_a_submission_rolls_back(store: Store) -> None:
    first = submit(store, build_dossier())
    with store.unit_of_work() as uow:
        uow.references.next_reference(AGENCY, DAY)  # taken, then rolled back
    second = submit(store, build_dossier())
    assert first.reference == f"{AGENCY}-240506-0001"
    assert second.reference == f"{AGENCY}-240506-0002"


def test_code_sequence_restarts_when_agency_or_day_differs(store: Store) -> None:
    with store.unit_of_work() as uow:
        codes = [
            uow.references.next_reference(AGENCY, DAY),
            uow.references.next_reference(AGENCY, DAY),
            uow.references.next_reference("H29.99", DAY),
            uow.references.next_reference(AGENCY, DAY + timedelta(days=1)),
        ]
        uow.commit()
    assert codes == [
        f"{AGENCY}-240506-0001",
        f"{AGENCY}-240506-0002",
        "H29.99-240506-0001",
        f"{AGENCY}-240507-0001",
    ]


def test_codes_are_unique_and_gap_free_when_taken_by_concurrent_threads(store: Store) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(5):
                submit(store, build_dossier())
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.unit_of_work() as uow:
        codes = sorted(s.reference for s in uow.dossiers.list_summaries(DossierQuery()))
    assert codes == [f"{AGENCY}-240506-{n:04d}" for n in range(1, 21)]


def test_code_pattern_is_used_when_configured(store_url: str) -> None:
    with open_store(store_url, reference_pattern="{date:%Y%m%d}/{agency}/{seq:06d}") as store:
        dossier = submit(store, build_dossier())
    assert dossier.reference == f"20240506/{AGENCY}/000001"


def test_audit_detects_tampering_when_a_stored_event_is_altered(store: Store, tamper) -> None:
    intact = submit(store, build_dossier())
    forged = submit(store, build_dossier())
    tamper(forged.id, "approved without review")
    with store.unit_of_work() as uow:
        assert verify_chain(uow.dossiers.get(intact.id)) == []
        problems = verify_chain(uow.dossiers.get(forged.id))
    assert problems == ["event 1: hash mismatch, its content was altered"]


def test_dossier_moves_between_inboxes_when_its_agency_changes(store: Store) -> None:
    dossier = submit(store, build_dossier(step="receive"))
    with store.unit_of_work() as uow:
        loaded = uow.dossiers.get(dossier.id)
        loaded.agency_code = "H29.99"
        uow.dossiers.update(loaded)
        uow.commit()
    assert stored_count(store, agency_code=AGENCY) == 0
    assert stored_count(store, agency_code="H29.99") == 1


def test_draft_is_found_by_its_new_code_when_submitted_by_update(store: Store) -> None:
    draft = build_dossier()
    with store.unit_of_work() as uow:
        uow.dossiers.add(draft)
        uow.commit()
    with store.unit_of_work() as uow:
        loaded = uow.dossiers.get(draft.id)
        loaded.reference = uow.references.next_reference(AGENCY, DAY)
        loaded.is_draft = False
        loaded.status.step, loaded.status.national_code = "receive", 2
        uow.dossiers.update(loaded)
        uow.commit()
    with store.unit_of_work() as uow:
        found = uow.dossiers.get_by_reference(f"{AGENCY}-240506-0001")
        drafts = uow.dossiers.count(DossierQuery(is_draft=True))
    assert (found.id, found.is_draft, drafts) == (draft.id, False, 0)


def test_every_dossier_is_listed_when_iterating_ids(store: Store) -> None:
    ids = {submit(store, build_dossier()).id for _ in range(3)}
    with store.unit_of_work() as uow:
        assert set(uow.dossiers.iter_ids()) == ids


def test_many_dossiers_are_stored_when_bulk_added(store: Store) -> None:
    batch = [build_dossier(name=f"Bulk {n}", step="receive") for n in range(30)]
    for n, dossier in enumerate(batch, start=1):
        dossier.reference = f"BULK-240101-{n:04d}"
    assert store.bulk_add(batch) == 30
    with store.unit_of_work() as uow:
        assert uow.dossiers.count(DossierQuery(agency_code=AGENCY, step="receive")) == 30
        assert uow.dossiers.get_by_reference("BULK-240101-0007").id == batch[6].id
        assert verify_chain(uow.dossiers.get(batch[0].id)) == []
