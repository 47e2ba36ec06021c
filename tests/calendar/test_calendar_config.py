"""Configuration, the days table, input validation and immutability."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from runtime.calendar import (
    CalendarConfig,
    CalendarError,
    CalendarRangeError,
    NaiveDatetimeError,
    TableError,
    WorkingCalendar,
    default_calendar,
    load_table,
    parse_table,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AWARE = datetime(2025, 3, 5, 9, 0, tzinfo=VN)
NAIVE = datetime(2025, 3, 5, 9, 0)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def _entry(**extra: Any) -> dict[str, Any]:
    return {"name": "x", "source": "test", "verified": True, **extra}


CALLS: dict[str, Callable[[WorkingCalendar], object]] = {
    "start_of_counting": lambda c: c.start_of_counting(NAIVE),
    "add": lambda c: c.add(NAIVE, 1, "working-days"),
    "deadline_for": lambda c: c.deadline_for(NAIVE, 1, "working-days"),
    "is_working_day": lambda c: c.is_working_day(NAIVE),
    "working_time_between_a": lambda c: c.working_time_between(NAIVE, AWARE),
    "working_time_between_b": lambda c: c.working_time_between(AWARE, NAIVE),
    "add_with_pauses": lambda c: c.add_with_pauses(NAIVE, 1, "working-days", []),
    "add_with_pauses_now": lambda c: c.add_with_pauses(AWARE, 1, "working-days", [], now=NAIVE),
    "deadline_after_pauses": lambda c: c.deadline_after_pauses(NAIVE, []),
    "remaining": lambda c: c.remaining(AWARE, NAIVE),
    "status_due": lambda c: c.status(NAIVE, AWARE),
    "status_now": lambda c: c.status(AWARE, NAIVE),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_methods_when_naive_datetime_refused(
    cal: WorkingCalendar, call: Callable[[WorkingCalendar], object]
) -> None:
    with pytest.raises(NaiveDatetimeError, match="naive datetime"):
        call(cal)


def test_add_when_start_is_a_date_raises_type_error(cal: WorkingCalendar) -> None:
    with pytest.raises(TypeError, match="must be a datetime"):
        cal.add(date(2025, 3, 5), 1, "working-days")  # type: ignore[arg-type]


def test_calendar_when_attribute_set_is_immutable(cal: WorkingCalendar) -> None:
    with pytest.raises(AttributeError, match="immutable"):
        cal._ords = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        cal.config.cutoff = time(16, 0)  # type: ignore[misc]


def test_default_calendar_when_called_twice_is_shared() -> None:
    assert default_calendar() is default_calendar()
    assert default_calendar().working_day_length == timedelta(hours=8)


@pytest.mark.parametrize(
    "probe",
    [
        lambda c: c.is_working_day(date(2014, 12, 31)),
        lambda c: c.is_working_day(date(2051, 1, 1)),
        lambda c: c.add(datetime(2050, 12, 30, 9, tzinfo=VN), 10, "working-days"),
        lambda c: c.add(datetime(2050, 12, 30, 9, tzinfo=VN), 10, "calendar-days"),
        lambda c: c.start_of_counting(datetime(2050, 12, 30, 16, tzinfo=VN)),
    ],
)
def test_calendar_when_outside_configured_years_raises(
    cal: WorkingCalendar, probe: Callable[[WorkingCalendar], object]
) -> None:
    with pytest.raises(CalendarRangeError, match=re.escape("2015..2050")):
        probe(cal)


def test_packaged_table_when_loaded_every_entry_has_source_and_flag() -> None:
    table = load_table()
    assert table.entries
    for entry in table.entries:
        assert entry.source.strip()
        assert isinstance(entry.verified, bool)
    unverified = {e.first for e in table.unverified()}
    assert unverified == {
        date(2026, 1, 1), date(2026, 1, 10), date(2026, 8, 29), date(2026, 8, 22),
        date(2026, 11, 24),
    }
    assert date(2025, 4, 26) in table.working_days
    assert date(2025, 5, 2) in table.days_off


def test_calendar_when_operator_table_replaces_default(tmp_path: Path) -> None:
    doc = {
        "version": 1,
        "years": {
            "2025": {
                # The office also closes on Friday 7/3 and works Saturday 8/3.
                "days_off": [_entry(date="2025-03-07")],
                # The operator overrides a package holiday (Hung Kings day).
                "working_days": [_entry(date="2025-03-08"), _entry(date="2025-04-07")],
            }
        },
    }
    path = tmp_path / "days.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    config = CalendarConfig(table=load_table(path), first_year=2025, last_year=2025)
    own = WorkingCalendar(config)
    assert own.is_working_day(date(2025, 3, 7)) is False
    assert own.is_working_day(date(2025, 3, 8)) is True
    assert own.is_working_day(date(2025, 4, 7)) is True
    # The default table's swap is gone, the package's holidays remain.
    assert own.is_working_day(date(2025, 1, 25)) is False  # Saturday
    assert own.is_working_day(date(2025, 1, 29)) is False  # Tết, from the package
    assert own.is_working_day(date(2025, 4, 26)) is True  # swap, from the package


def test_calendar_when_country_none_uses_table_only() -> None:
    table = parse_table(_year(days_off=[_entry(date="2025-01-29")]))
    config = CalendarConfig(country=None, table=table, first_year=2025, last_year=2025)
    own = WorkingCalendar(config)
    assert own.is_working_day(date(2025, 1, 29)) is False
    assert own.is_working_day(date(2025, 1, 30)) is True
    assert own.is_working_day(date(2025, 4, 26)) is False


def _year(**groups: list[dict[str, Any]]) -> dict[str, Any]:
    return {"years": {"2025": groups}}


def _range(first: str, last: str) -> dict[str, Any]:
    return _entry(**{"from": first, "to": last})


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "JSON object"),
        ({"version": 2}, "version"),
        ({"years": {"25": {}}}, "four-digit"),
        (_year(holidays=[]), "unknown keys"),
        (_year(days_off=[_entry()]), "needs 'date'"),
        (_year(days_off=[_entry(date="2025-13-01")]), "not an ISO date"),
        (_year(days_off=[_entry(date=20250101)]), "ISO strings"),
        (_year(days_off=[_entry(date="2025-01-01", when="x")]), "unknown keys"),
        (_year(days_off=[_range("2025-02-02", "2025-01-25")]), "before 'from'"),
        (_year(days_off=[_range("2025-01-01", "2025-12-31")]), "longer than"),
        (_year(working_days=[_range("2025-01-01", "2025-01-02")]), "single 'date'"),
        (_year(days_off=[{"date": "2025-01-01", "name": "x", "verified": True}]), "source"),
        (_year(days_off=[{"date": "2025-01-01", "name": "x", "source": "s"}]), "verified"),
        (
            _year(days_off=[_entry(date="2025-04-26")], working_days=[_entry(date="2025-04-26")]),
            "both as day off and as working day",
        ),
    ],
)
def test_parse_table_when_malformed_raises(doc: Any, message: str) -> None:
    with pytest.raises(TableError, match=message):
        parse_table(doc)


def test_load_table_when_file_missing_raises(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="cannot read"):
        load_table(tmp_path / "missing.json")


def test_config_when_from_mapping_parses_strings() -> None:
    config = CalendarConfig.from_mapping(
        {
            "sessions": [["08:00", "12:00"], ["13:30", "17:30"]],
            "weekend": ["sun"],
            "cutoff": "16:00",
            "first_year": 2025,
            "last_year": 2025,
            "table": {"years": {}},
        }
    )
    assert config.cutoff == time(16, 0)
    assert config.weekend == frozenset({6})
    own = WorkingCalendar(config)
    saturday = datetime(2025, 3, 8, 9, 0, tzinfo=VN)
    assert own.is_working_day(saturday.date()) is True
    assert own.add(saturday, 1, "working-days") == datetime(2025, 3, 10, 9, 0, tzinfo=VN)
    assert own.start_of_counting(datetime(2025, 3, 10, 15, 45, tzinfo=VN)).hour == 15


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sessions": ()},
        {"sessions": ((time(11, 0), time(8, 0)),)},
        {"sessions": ((time(8, 0), time(12, 0)), (time(11, 0), time(17, 0)))},
        {"weekend": frozenset({7})},
        {"weekend": frozenset(range(7))},
        {"first_year": 2030, "last_year": 2020},
        {"cutoff": "15:00"},
    ],
)
def test_config_when_invalid_raises(kwargs: dict[str, Any]) -> None:
    with pytest.raises(CalendarError):
        CalendarConfig(**kwargs)


@pytest.mark.parametrize(
    "data",
    [{"cutoff": "3pm"}, {"weekend": ["someday"]}, {"cut_off": "15:00"}],
)
def test_config_when_from_mapping_invalid_raises(data: dict[str, Any]) -> None:
    with pytest.raises(CalendarError):
        CalendarConfig.from_mapping(data)


def test_calendar_when_timezone_unknown_raises() -> None:
    with pytest.raises(CalendarError, match="time zone"):
        WorkingCalendar(CalendarConfig(timezone="Asia/Sai_Gon", first_year=2025, last_year=2025))


def test_calendar_when_timezone_configured_results_use_it() -> None:
    config = CalendarConfig(timezone="Asia/Bangkok", first_year=2025, last_year=2025)
    own = WorkingCalendar(config)
    due = own.add(datetime(2025, 3, 5, 9, 0, tzinfo=VN), 1, "working-hours")
    # 09:00 in Hà Nội is 09:00 in Bangkok too (both UTC+7); the result is in Bangkok time.
    assert due.tzinfo == ZoneInfo("Asia/Bangkok")
    assert (due.hour, due.minute) == (10, 0)


def test_import_when_module_loaded_has_no_side_effects() -> None:
    code = (
        "import sys, runtime.calendar as c; "
        "assert 'holidays' not in sys.modules, 'holidays imported eagerly'; "
        "assert c.default_calendar.cache_info().currsize == 0"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
