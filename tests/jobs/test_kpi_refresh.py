"""The kpi.refresh job: it counts what changed since it last ran, and only that (both backends)."""

from __future__ import annotations

import pytest

from runtime.kpi import period_of
from runtime.services import act_on_dossier, submit_draft
from runtime.services.jobs import make_worker
from runtime.services.kpis import kpi_aggregates, refresh
from runtime.web.officials import actor_of
from tests.officials.conftest import AGENCY, RECEIVER
from tests.services.conftest import make_draft


@pytest.fixture(params=("tinydb", "postgres"))
def queued(request, build, tmp_path):
    url = f"tinydb://{tmp_path / 'store'}" if request.param == "tinydb" else request.getfixturevalue("postgres_url")
    return build(url)


def figures(services):
    tz = services.calendar.timezone
    report = kpi_aggregates(services.store).report([AGENCY], period_of("all", services.now(), tz), tz)
    return report.agencies[AGENCY]


def test_refresh_counts_new_and_changed_dossiers_once_when_run_repeatedly(queued):
    services, _config = queued
    first = submit_draft(services, make_draft(services).id, "citizen-lan")
    submit_draft(services, make_draft(services).id, "citizen-lan")
    assert refresh(services, limit=1) == (1, True), "a bounded refresh leaves the rest for later"
    assert refresh(services) == (1, False)
    assert refresh(services) == (0, False), "nothing changed: nothing counted again"
    f = figures(services)
    assert (f.received, f.in_progress, dict(f.backlog)) == (2, 2, {"receive": 2})
    act_on_dossier(services, first.id, "accept", actor_of(RECEIVER))
    assert refresh(services) == (1, False)
    f = figures(services)
    assert (f.received, f.in_progress) == (2, 2) and f.backlog["receive"] == 1


def test_worker_runs_the_scheduled_refresh_when_its_slot_comes(queued):
    services, config = queued
    submit_draft(services, make_draft(services).id, "citizen-lan")
    worker = make_worker(services, config)
    assert worker.queue_scheduled() >= 1
    worker.run(until_idle=True)
    assert figures(services).received == 1
    assert [j.status for j in services.jobs.jobs(kind="kpi.refresh")] == ["done"]
