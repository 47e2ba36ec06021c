"""The feedback repository keeps the same contract on both backends (embedded TinyDB and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from runtime.storage import open_store
from runtime.storage.feedback import Feedback, FeedbackNotFound, FeedbackQuery, StaleFeedbackError

VN = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)


@pytest.fixture(params=["tinydb", "postgres"])
def store(request, tmp_path):
    url = f"tinydb://{tmp_path / 'store'}" if request.param == "tinydb" else request.getfixturevalue("postgres_url")
    with open_store(url) as opened:
        yield opened


def make(agency="A1", *, province="79", created=T0, days=14, **fields) -> Feedback:
    return Feedback(kind="complaint", subject="procedure", procedure_code="1.001193", agency_code=agency,
                    province_code=province, text="Chờ lâu quá mà không ai trả lời.", created_at=created,
                    due_at=created + dt.timedelta(days=days), **fields)


def _add(store, *items):
    with store.unit_of_work() as uow:
        for item in items:
            uow.feedback.add(item)
        uow.commit()


def test_added_feedback_reads_back_equal_with_revision_one(store):
    item = make(consent=True, dossier_id="d1", author_name="Lan", contact="0912345678")
    _add(store, item)
    with store.unit_of_work() as uow:
        found = uow.feedback.get(item.id)
    assert found == item and found.revision == 1


def test_feedback_not_committed_is_not_stored(store):
    item = make()
    with store.unit_of_work() as uow:
        uow.feedback.add(item)
    with store.unit_of_work() as uow, pytest.raises(FeedbackNotFound):
        uow.feedback.get(item.id)


def test_an_update_from_a_stale_read_is_refused(store):
    item = make()
    _add(store, item)
    with store.unit_of_work() as uow:
        first = uow.feedback.get(item.id)
    with store.unit_of_work() as uow:
        second = uow.feedback.get(item.id)
        second.status, second.answer, second.answered_at = "answered", "Đã xử lý", T0 + dt.timedelta(days=1)
        uow.feedback.update(second)
        uow.commit()
    with store.unit_of_work() as uow:
        first.answer = "Khác"
        with pytest.raises(StaleFeedbackError):
            uow.feedback.update(first)
    with store.unit_of_work() as uow:
        stored = uow.feedback.get(item.id)
    assert stored.answer == "Đã xử lý" and stored.revision == 2


def test_lists_filter_by_agency_province_status_publication_and_overdue_newest_first(store):
    old = make("A1", created=T0, days=1)
    new = make("A1", created=T0 + dt.timedelta(days=2))
    other = make("B2", province="01", created=T0 + dt.timedelta(days=1), status="answered", published=True,
                 answered_at=T0 + dt.timedelta(days=3))
    _add(store, old, new, other)
    now = T0 + dt.timedelta(days=5)
    with store.unit_of_work() as uow:
        assert [i.id for i in uow.feedback.list(FeedbackQuery())] == [new.id, other.id, old.id]
        assert [i.id for i in uow.feedback.list(FeedbackQuery(agency_codes=("A1",)))] == [new.id, old.id]
        assert [i.id for i in uow.feedback.list(FeedbackQuery(province_code="01"))] == [other.id]
        assert [i.id for i in uow.feedback.list(FeedbackQuery(published=True))] == [other.id]
        assert [i.id for i in uow.feedback.list(FeedbackQuery(status="open", overdue_at=now))] == [old.id]
        assert [i.id for i in uow.feedback.list(FeedbackQuery(limit=1, offset=1))] == [other.id]
        assert uow.feedback.count(FeedbackQuery(agency_codes=("A1", "B2"))) == 3
        assert uow.feedback.count(FeedbackQuery(agency_codes=())) == 0


def test_tallies_count_decided_feedback_by_deadline_month_and_those_answered_in_time(store):
    on_time = make("A1", days=5, status="answered", answered_at=T0 + dt.timedelta(days=4))
    late = make("A1", days=5, status="answered", answered_at=T0 + dt.timedelta(days=6))
    open_late = make("A1", days=6)
    not_due = make("A1", days=40)
    elsewhere = make("B2", days=5)
    _add(store, on_time, late, open_late, not_due, elsewhere)
    start, end = dt.datetime(2026, 1, 1, tzinfo=VN), dt.datetime(2027, 1, 1, tzinfo=VN)
    with store.unit_of_work() as uow:
        tallies = uow.feedback.tallies(("A1",), start, end, T0 + dt.timedelta(days=10), VN)
    assert [(t.agency_code, t.month, t.decided, t.on_time) for t in tallies] == [("A1", "2026-03", 3, 1)]
