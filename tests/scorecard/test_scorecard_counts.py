"""The scorecard's counts: the same from PostgreSQL's aggregate query as from the embedded store, and right."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from runtime.dossiers.model import Dossier, Person, Status
from runtime.scorecard import INDICATORS, Counts, build_scorecard
from runtime.scorecard.counts import count
from runtime.storage import open_store
from runtime.storage.feedback import Feedback

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = dt.datetime(2026, 1, 1, tzinfo=VN), dt.datetime(2027, 1, 1, tzinfo=VN)
NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=VN)


def at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=VN)


def dossier(agency: str, *, filed: dt.datetime, channel: str = "online", delivery: str | None = "online",
            result: dt.datetime | None = None, due: dt.datetime | None = None, apology: bool = False,
            signed_result: bool = False, rating: int | None = None, rated: dt.datetime | None = None,
            returned_only: bool = False) -> Dossier:
    item = Dossier(procedure_code="1.001193", definition_version="sha256:" + "ab" * 32,
                   applicant=Person(full_name="Nguyễn Văn An"), agency_code=agency, channel=channel,
                   data={"delivery": delivery} if delivery else {}, status=Status(step="receive", national_code=2),
                   is_draft=False, created_at=filed, updated_at=filed, submitted_at=filed, received_at=filed,
                   due_at=due)
    item.append_event(actor="c", actor_role="applicant", action="submit", at=filed)
    if apology:
        item.append_event(actor="o", action="delay", at=filed + dt.timedelta(days=1), data={"slips": ["04"]})
    if result is not None and not returned_only:
        item.append_event(actor="o", action="approve", at=result, data={"kind": "issue-result"})
    if result is not None:
        item.status = Status(step="done", national_code=10)
        item.returned_at = result
        item.updated_at = result
    if signed_result:
        item.extra["documents"] = [{"kind": "result", "sha256": "cd" * 32, "signed": True}]
    if rating is not None:
        item.extra["rating"] = {"score": rating, "at": rated.isoformat() if rated else None}
    return item


DOSSIERS = [
    # March, agency A: 3 filed (2 online, 1 fully online), 2 done (1 on time + digitised, 1 late after an apology)
    dossier("A", filed=at(3, 2), result=at(3, 5), due=at(3, 6), signed_result=True, rating=5, rated=at(3, 7)),
    dossier("A", filed=at(3, 3), delivery="desk", result=at(3, 20), due=at(3, 30), apology=True, rating=2,
            rated=at(4, 1)),
    dossier("A", filed=at(3, 4), channel="in-person", delivery=None),
    # April, agency B: returned without an issue-result event, late against its due date; rating without a date
    dossier("B", filed=at(3, 30), result=at(4, 10), due=at(4, 9), returned_only=True, rating=4),
    # filed last year, done in January: counted as done, not as received
    dossier("B", filed=dt.datetime(2025, 12, 29, 9, tzinfo=VN), result=at(1, 5), due=at(1, 6)),
    # another agency, not asked for
    dossier("C", filed=at(3, 2)),
]
FEEDBACK = [
    Feedback(kind="complaint", subject="procedure", procedure_code="1.001193", agency_code="A", province_code="79",
             text="Chờ lâu", created_at=at(3, 2), due_at=at(3, 16), status="answered", answered_at=at(3, 10)),
    Feedback(kind="complaint", subject="procedure", procedure_code="1.001193", agency_code="A", province_code="79",
             text="Chờ lâu", created_at=at(3, 2), due_at=at(3, 16)),
]


@pytest.fixture(params=["tinydb", "postgres"])
def store(request, tmp_path):
    url = f"tinydb://{tmp_path / 'store'}" if request.param == "tinydb" else request.getfixturevalue("postgres_url")
    with open_store(url) as opened:
        opened.bulk_add(DOSSIERS)
        with opened.unit_of_work() as uow:
            for item in FEEDBACK:
                uow.feedback.add(item)
            uow.commit()
        yield opened


def test_both_backends_count_filings_results_ratings_and_feedback_per_agency_and_month(store):
    found = count(store, ["A", "B"], START, END, NOW, VN)
    assert found == {
        ("A", "2026-03"): Counts(received=3, online=2, fully_online=1, done=2, on_time=1, digitised=1, ratings=1,
                                 rating_sum=5, satisfied=1, feedback_decided=2, feedback_on_time=1),
        ("A", "2026-04"): Counts(ratings=1, rating_sum=2),
        ("B", "2026-03"): Counts(received=1, online=1, fully_online=1),
        ("B", "2026-04"): Counts(done=1, ratings=1, rating_sum=4, satisfied=1),
        ("B", "2026-01"): Counts(done=1, on_time=1),
    }


def test_the_scorecard_adds_months_and_agencies_and_computes_each_indicator_as_a_share():
    counts = {("A", "2026-03"): Counts(received=4, online=3, fully_online=2, done=2, on_time=1, digitised=2,
                                       ratings=4, rating_sum=14, satisfied=3, feedback_decided=2, feedback_on_time=2),
              ("B", "2026-04"): Counts(received=1, online=1, done=2, on_time=2),
              ("B", "2025-12"): Counts(received=9)}
    card = build_scorecard(counts, 2026, NOW, VN)
    assert [m for m, _c in card.months] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert set(card.agencies) == {"A", "B"} and card.total.received == 5
    assert card.values(card.total) == {"on_time": 75.0, "online": 80.0, "fully_online": 40.0, "satisfaction": 75.0,
                                       "digitised": 50.0, "feedback_on_time": 100.0}
    assert card.values(card.months[0][1]) == dict.fromkeys((i.key for i in INDICATORS), None), "nothing to count"
    march = build_scorecard(counts, 2026, NOW, VN, month="2026-03")
    assert set(march.agencies) == {"A"} and march.total.received == 4
