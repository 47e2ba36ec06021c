"""The inbox contract (keyset pages and counts per deadline mark), on every backend."""

from __future__ import annotations

from datetime import timedelta

from storage_factories import T0, build_dossier

from runtime.storage import InboxCursor, InboxQuery, Store

AGENCY = "000.00.20.H29"
OTHER = "000.00.21.H29"
SLOTS = ((AGENCY, "1.001193", "receive"), (AGENCY, "1.001193", "examine"))


def stored(store: Store, *, step: str = "receive", agency: str = AGENCY, due: timedelta | None = None,
           step_due: timedelta | None = None, name: str = "Nguyễn Văn An", filed: timedelta = timedelta(0),
           procedure: str = "1.001193", draft: bool = False):
    dossier = build_dossier(step="draft" if draft else step, agency=agency, name=name, national_code=2,
                            procedure_code=procedure)
    dossier.due_at = None if due is None else T0 + due
    dossier.step_deadlines = {} if step_due is None else {dossier.status.step: T0 + step_due}
    dossier.submitted_at = None if draft else T0 + filed
    with store.unit_of_work() as uow:
        uow.dossiers.add(dossier)
        uow.commit()
    return dossier


def page(store: Store, **options) -> list[str]:
    with store.unit_of_work() as uow:
        return [s.id for s in uow.dossiers.inbox(InboxQuery(slots=SLOTS, **options))]


def test_inbox_orders_by_the_nearer_deadline_then_filing_then_id_when_listed(store: Store) -> None:
    late_step = stored(store, due=timedelta(days=9), step_due=timedelta(hours=1))
    soon = stored(store, due=timedelta(hours=5))
    none = stored(store)
    tie_a = stored(store, due=timedelta(days=2), filed=timedelta(minutes=1))
    tie_b = stored(store, due=timedelta(days=2), filed=timedelta(minutes=2), step="examine")
    assert page(store) == [late_step.id, soon.id, tie_a.id, tie_b.id, none.id]


def test_inbox_leaves_out_other_slots_drafts_and_agencies_when_listed(store: Store) -> None:
    mine = stored(store, due=timedelta(days=1))
    stored(store, due=timedelta(days=1), agency=OTHER)
    stored(store, due=timedelta(days=1), step="sign")
    stored(store, due=timedelta(days=1), procedure="1.000656")
    stored(store, draft=True)
    assert page(store) == [mine.id]


def test_keyset_pages_cover_every_row_once_when_followed_to_the_end(store: Store) -> None:
    rows = [stored(store, due=timedelta(hours=h % 4) if h % 3 else None, filed=timedelta(minutes=h % 2))
            for h in range(11)]
    seen: list[str] = []
    cursor = None
    with store.unit_of_work() as uow:
        while True:
            found = uow.dossiers.inbox(InboxQuery(slots=SLOTS, after=cursor, limit=4))
            if not found:
                break
            seen += [s.id for s in found]
            cursor = InboxCursor.parse(InboxCursor.after(found[-1]).token())
    assert len(seen) == len(set(seen)) == len(rows)
    assert seen == page(store, limit=100)


def test_urgency_bounds_keep_only_rows_between_them_when_given(store: Store) -> None:
    stored(store, due=timedelta(hours=1))
    middle = stored(store, due=timedelta(hours=3), step_due=timedelta(hours=9))
    stored(store, due=timedelta(hours=5))
    stored(store)
    assert page(store, urgent_from=T0 + timedelta(hours=2), urgent_until=T0 + timedelta(hours=3)) == [middle.id]


def test_inbox_search_matches_name_without_diacritics_or_the_code_when_searching(store: Store) -> None:
    lan = stored(store, name="Nguyễn Thị Lan")
    stored(store, name="Trần Văn Hùng")
    assert page(store, text="nguyen THI") == [lan.id]


def test_counts_split_rows_by_mark_at_now_when_asked(store: Store) -> None:
    stored(store, due=timedelta(hours=1))                                    # overdue (overall and step)
    stored(store, due=timedelta(days=5), step_due=timedelta(hours=1))        # overdue (step only)
    stored(store, due=timedelta(hours=3))                                    # due soon
    stored(store, due=timedelta(hours=4))                                    # due soon (the bound itself)
    stored(store, due=timedelta(days=3))                                     # on time
    stored(store)                                                            # no deadline
    stored(store, due=timedelta(hours=1), agency=OTHER)                      # not in the slots
    now, soon = T0 + timedelta(hours=2), T0 + timedelta(hours=4)
    with store.unit_of_work() as uow:
        counts = uow.dossiers.inbox_counts(InboxQuery(slots=SLOTS), now, soon)
    assert (counts.total, counts.overdue, counts.due_soon, counts.on_time) == (6, 2, 2, 1)
    assert (counts.overall_overdue, counts.step_overdue) == (1, 1)


def test_cursor_token_reads_back_the_same_cursor_and_refuses_tampering_when_parsed() -> None:
    cursor = InboxCursor(T0, None, "ab12cd")
    assert InboxCursor.parse(cursor.token()) == cursor
    for bad in ("", "x.y.z", "1.2.", "1.2.<script>", "9" * 300, "1.2.a/b"):
        assert InboxCursor.parse(bad) is None


def test_reading_unit_of_work_sees_committed_dossiers_and_counts_when_pages_read(store: Store) -> None:
    late = stored(store, due=timedelta(hours=1))
    calm = stored(store, due=timedelta(days=9))
    with store.reading() as uow:
        assert [s.id for s in uow.dossiers.inbox(InboxQuery(slots=SLOTS))] == [late.id, calm.id]
        assert uow.dossiers.inbox_counts(InboxQuery(slots=SLOTS), T0, T0 + timedelta(days=1)).total == 2
    fresh = stored(store, due=timedelta(minutes=1))
    with store.reading() as uow:
        assert [s.id for s in uow.dossiers.inbox(InboxQuery(slots=SLOTS))] == [fresh.id, late.id, calm.id]
