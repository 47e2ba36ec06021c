"""The indicators, computed by hand on a small made-up set of dossiers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from runtime.calendar import default_calendar
from runtime.dossiers.model import Dossier, Pause, Person, Status
from runtime.kpi import KpiRecord, compute, csv_bytes, period_of, record_of, timing_of

from .conftest import VN, at

CAL = default_calendar()
NOW = at(20, 10)  # Friday 20 March 2026
MONTH = period_of("month", NOW, VN)
A, B = "000.26.743.H79", "000.26.740.H79"


def rec(n: int, **fields) -> KpiRecord:
    base = {"id": f"d{n}", "agency_code": A, "procedure_code": "1.001193", "step": "done", "open": False,
            "paused": False, "channel": "online", "submitted_at": at(2, 8), "received_at": at(2, 8),
            "result_at": None, "stopped_at": None, "due_at": at(4, 8), "apologised": False}
    return KpiRecord(**{**base, **fields})


SET = [
    # done early: due Wed 4th 08:00, result Tue 3rd 08:00 (1 working day)
    rec(1, result_at=at(3, 8), rating=5, rated_at=at(3, 9)),
    # done on time: result on the appointment day, before the time (2 working days minus 30 minutes)
    rec(2, result_at=at(4, 7, 30), channel="in-person", rating=3, rated_at=at(4, 9)),
    # done late: after the appointment (3 working days)
    rec(3, result_at=at(5, 8)),
    # done "on time" against a new date, but an apology was issued: late (2 working days)
    rec(4, result_at=at(4, 8), due_at=at(10, 8), apologised=True),
    # in progress at examine, and one waiting for the applicant
    rec(5, step="examine", open=True, result_at=None, due_at=at(25, 8)),
    rec(6, step="awaiting-supplement", open=True, paused=True, result_at=None),
    # refused this month: closed without a result
    rec(7, stopped_at=at(3, 10), due_at=None),
    # filed and done last month: outside the period, but a rating given this month counts
    rec(8, submitted_at=at(2, 8) - dt.timedelta(days=40), received_at=at(2, 8) - dt.timedelta(days=40),
        result_at=at(2, 8) - dt.timedelta(days=35), due_at=at(2, 8) - dt.timedelta(days=30), rating=4,
        rated_at=at(6, 9)),
    # another agency
    rec(9, agency_code=B, result_at=at(3, 8)),
]


def test_figures_count_each_indicator_when_computed_for_this_month():
    report = compute(SET, MONTH, CAL)
    f = report.groups[(A, "1.001193")]
    assert (f.received, f.online, f.in_progress, f.paused) == (7, 6, 2, 1)
    assert (f.done, f.early, f.on_time, f.late, f.closed) == (4, 1, 1, 2, 1)
    assert f.on_time_rate == pytest.approx(0.5)
    assert f.average_days == pytest.approx((1 + (2 - 0.5 / 8) + 3 + 2) / 4)
    assert f.online_share == pytest.approx(6 / 7)
    assert (f.ratings, f.satisfaction) == (3, pytest.approx(4.0))
    assert dict(f.backlog) == {"examine": 1, "awaiting-supplement": 1}
    assert report.total.done == 5 and report.agencies[B].done == 1 and report.agencies[A].done == 4


def test_all_time_includes_older_dossiers_when_the_period_is_all():
    f = compute(SET, period_of("all", NOW, VN), CAL).agencies[A]
    assert (f.received, f.done, f.late) == (8, 5, 2)


def test_processing_time_leaves_out_waiting_for_the_applicant_when_the_clock_was_paused():
    paused = rec(10, result_at=at(4, 8), pauses=((at(2, 13), at(3, 13)),))  # one working day paused
    f = compute([paused], MONTH, CAL).agencies[A]
    assert f.average_days == pytest.approx(1.0)


def test_rates_are_empty_when_nothing_was_done_or_received():
    f = compute([], MONTH, CAL).total
    assert (f.on_time_rate, f.average_days, f.online_share, f.satisfaction) == (None, None, None, None)


@pytest.mark.parametrize(("result_at", "apologised", "expected"), [
    (at(3, 16), False, "early"), (at(4, 7, 59), False, "on_time"), (at(4, 8, 0), False, "on_time"),
    (at(4, 8, 1), False, "late"), (at(3, 8), True, "late"),
])
def test_timing_compares_with_the_appointment_day_when_a_result_is_issued(result_at, apologised, expected):
    assert timing_of(result_at, at(4, 8), apologised, VN) == expected


def test_periods_start_at_local_midnight_when_month_or_year_is_chosen():
    late_night = dt.datetime(2026, 2, 28, 18, 0, tzinfo=dt.UTC)  # 1 March 01:00 in Hồ Chí Minh City
    assert period_of("month", late_night, VN).start == dt.datetime(2026, 3, 1, tzinfo=VN)
    assert period_of("year", late_night, VN).start == dt.datetime(2026, 1, 1, tzinfo=VN)
    assert period_of("all", late_night, VN).start is None
    assert period_of("bogus", late_night, VN).key == "month"


def _dossier(**fields) -> Dossier:
    dossier = Dossier(procedure_code="1.001193", applicant=Person(full_name="Nguyễn Văn An"), agency_code=A,
                      is_draft=False, submitted_at=at(2, 8), received_at=at(2, 8), due_at=at(4, 8), **fields)
    return dossier


def test_record_takes_the_result_time_and_the_apology_when_read_from_events():
    dossier = _dossier(status=Status(step="done", national_code=10), returned_at=at(6, 9),
                       extra={"rating": {"score": 4, "at": at(6, 10).isoformat()}})
    dossier.append_event(actor="x", action="propose", at=at(3, 9), data={"kind": "forward", "slips": ["04"]})
    dossier.append_event(actor="y", action="approve", at=at(5, 9), data={"kind": "issue-result", "slips": []})
    dossier.append_event(actor="z", action="hand-over", at=at(6, 9), data={"kind": "return-result"})
    record = record_of(dossier, ended=True)
    assert (record.result_at, record.apologised, record.open) == (at(5, 9), True, False)
    assert (record.rating, record.rated_at) == (4, at(6, 10))


def test_record_is_open_and_paused_when_waiting_for_the_applicant():
    dossier = _dossier(status=Status(step="awaiting-supplement", national_code=5),
                       pauses=[Pause(start=at(3, 9), end=None, reason="request-supplement")],
                       extra={"rating": {"score": 9}})
    record = record_of(dossier, ended=False)
    assert (record.open, record.paused, record.result_at, record.rating) == (True, True, None, None)


def test_record_marks_a_refusal_when_the_dossier_ended_without_result():
    dossier = _dossier(status=Status(step="refused", national_code=3))
    dossier.append_event(actor="x", action="refuse", at=at(3, 9), data={"kind": "refuse"})
    record = record_of(dossier, ended=True)
    assert (record.result_at, record.stopped_at) == (None, at(3, 9))


def test_csv_starts_with_a_byte_order_mark_and_quotes_formulas_when_exported():
    report = compute([SET[0], dataclasses.replace(SET[4], procedure_code="=cmd")], MONTH, CAL)
    data = csv_bytes(report, [f"h{i}" for i in range(16)], lambda a: "Ủy ban nhân dân Phường Bến Thành",
                     lambda p: "Đăng ký khai sinh", lambda p, s: {"examine": "Thẩm tra"}.get(s, s))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(f"h{i}" for i in range(16))
    assert lines[2].startswith("000.26.743.H79,Ủy ban nhân dân Phường Bến Thành,'=cmd,Đăng ký khai sinh,1,1,0,0,")
    assert lines[2].endswith(",Thẩm tra: 1")
    assert lines[1] == "000.26.743.H79,Ủy ban nhân dân Phường Bến Thành,1.001193,Đăng ký khai sinh,1,0,0,1,1,0,0," \
                       "100.0,1.00,100.0,5.00,"
