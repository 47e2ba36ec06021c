"""KPI aggregates: the counts kept beside the store give what computing from every record gives, on both backends."""

from __future__ import annotations

import dataclasses

import pytest

from runtime.kpi import PERIODS, Figures, compute, period_of
from runtime.kpi_aggregates import FIGURES, SQLITE_SCHEMA, KpiAggregates, contributions
from runtime.storage import open_store
from runtime.storage.sidecar import SqliteRunner, runner_for

from .conftest import VN
from .test_kpi import CAL, NOW, SET, A, B, at


@pytest.fixture(params=("sqlite", "postgres"))
def tables(request, tmp_path):
    if request.param == "sqlite":
        yield KpiAggregates(SqliteRunner(tmp_path / "kpi.sqlite3", SQLITE_SCHEMA))
        return
    store = open_store(request.getfixturevalue("postgres_url"))
    yield KpiAggregates(runner_for(store, "kpi.sqlite3", SQLITE_SCHEMA))
    store.close()


def figures(f: Figures) -> tuple:
    return (*(round(getattr(f, name), 9) for name in FIGURES), dict(+f.backlog))


def shown(report) -> dict:
    return {key: figures(f) for key, f in report.groups.items() if any(figures(f)[:-1]) or +f.backlog}


def counted(tables, records, version=1):
    tables.apply([(r.id, version, contributions(r, CAL)) for r in records], NOW)


@pytest.mark.parametrize("period_key", PERIODS)
def test_aggregates_equal_the_figures_computed_from_every_record_when_read_for_a_period(tables, period_key):
    counted(tables, SET)
    period = period_of(period_key, NOW, VN)
    expected = compute(SET, period, CAL)
    got = tables.report([A, B], period, VN)
    assert shown(got) == shown(expected)
    assert figures(got.total) == figures(expected.total)
    assert shown(tables.report([B], period, VN)) == {k: v for k, v in shown(expected).items() if k[0] == B}


def test_a_changed_dossier_replaces_what_it_counted_when_applied_again(tables):
    counted(tables, SET)
    moved = dataclasses.replace(SET[4], step="sign", open=False, result_at=at(19, 9))  # d5 got its result
    counted(tables, [moved], version=2)
    counted(tables, [SET[4]], version=1)  # an older version arriving late changes nothing
    changed = [moved if r.id == moved.id else r for r in SET]
    period = period_of("month", NOW, VN)
    assert shown(tables.report([A, B], period, VN)) == shown(compute(changed, period, CAL))
    assert tables.versions(["d5", "d1", "nope"]) == {"d5": 2, "d1": 1}


def test_refresh_state_keeps_the_latest_change_counted_when_applied_out_of_order(tables):
    counted(tables, SET[:1])
    tables.apply([], at(1, 8))
    refreshed, watermark = tables.state()
    assert watermark == NOW and refreshed is not None
