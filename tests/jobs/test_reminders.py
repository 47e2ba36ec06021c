"""Deadline reminders: officials told of dossiers due soon, leaders of overdue ones, once each (controlled clock)."""

from __future__ import annotations

import pytest

from runtime.identity.officials import DEMO_OFFICIALS, JsonOfficialDirectory
from runtime.services import submit_draft
from runtime.services.jobs import make_worker
from runtime.services.reminders import DUE_SOON, OVERDUE, send_reminders
from tests.officials.conftest import at, change
from tests.services.conftest import make_draft

OFFICIALS = JsonOfficialDirectory(DEMO_OFFICIALS)
RECEIVERS = {"tiepnhan.benthanh@motcua.example", "tiepnhan.lienphuong@motcua.example"}


@pytest.fixture(params=("tinydb", "postgres"))
def queued(request, build, tmp_path):
    url = f"tinydb://{tmp_path / 'store'}" if request.param == "tinydb" else request.getfixturevalue("postgres_url")
    return build(url)


def file_one(services, *, due, step_due):
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    return change(services, dossier.id, due_at=due, step_deadlines={dossier.status.step: step_due})


def sent(messages, kind):
    return sorted((m.dossier_id, m.to) for m in messages if m.kind == kind)


def test_officials_hear_of_due_soon_and_leaders_of_overdue_dossiers_once_when_the_job_runs_twice(queued, clock):
    services, _config = queued
    clock.now = at(2, 10)  # Monday 10:00; "due soon" reaches Tuesday 10:00
    soon = file_one(services, due=at(4, 8), step_due=at(3, 9))
    late = file_one(services, due=at(2, 9), step_due=at(2, 9))
    file_one(services, due=at(20, 8), step_due=at(20, 8))  # far off: nothing
    first = send_reminders(services, OFFICIALS)
    receivers = {m.to for m in first if m.kind == DUE_SOON and m.dossier_id == soon.id}
    assert receivers and receivers <= RECEIVERS and "tiepnhan.benthanh@motcua.example" in receivers
    assert sent(first, OVERDUE) == [(late.id, "lanhdao.benthanh@motcua.example")]
    assert {m.dossier_id for m in first} == {soon.id, late.id}
    assert soon.reference in next(m for m in first if m.kind == DUE_SOON).subject
    assert send_reminders(services, OFFICIALS) == [], "each reminder goes once"
    clock.now = at(3, 10)  # Tuesday: the first one is overdue now, the leader hears of it once
    assert sent(send_reminders(services, OFFICIALS), OVERDUE) == [(soon.id, "lanhdao.benthanh@motcua.example")]
    assert send_reminders(services, OFFICIALS) == []


def test_reminders_are_delivered_through_the_outbox_when_the_worker_runs_the_scheduled_job(build, tmp_path, clock):
    services, config = build(f"tinydb://{tmp_path / 'store'}")
    clock.now = at(2, 10)
    late = file_one(services, due=at(2, 9), step_due=at(2, 9))
    assert services.jobs.enqueue("deadline.remind", {}, key="deadline.remind@test")
    make_worker(services, config).run(until_idle=True)
    delivered = [m for m in services.outbox.recent() if m.kind == OVERDUE]
    assert [(m.dossier_id, m.to, m.status) for m in delivered] == [
        (late.id, "lanhdao.benthanh@motcua.example", "sent")]


def test_no_reminder_goes_for_a_dossier_overdue_before_the_lookback_when_the_job_first_runs(queued, clock):
    services, _config = queued
    file_one(services, due=at(2, 9), step_due=at(2, 9))
    clock.now = at(25, 10)
    assert send_reminders(services, OFFICIALS) == []
