"""Status changes reach the reference portal acknowledged, once, in order, across a portal outage."""

from __future__ import annotations

import pytest

from runtime.portal.base import PortalSyncError
from runtime.services.jobs import make_worker
from runtime.services.portal_sync import KIND, push_pending, reconcile, record_changes

from .conftest import connect
from .lives import live, lives


def _drain(services) -> int:
    return make_worker(services, {}).run(until_idle=True)


def _expected(dossier) -> list[int]:
    return [e.data["national_code"] for e in dossier.events if "national_code" in e.data]


def test_a_thousand_lives_every_change_acknowledged_once_in_order(synced, portal):
    start = synced.now()
    dossiers = list(lives(synced, 1000, start))
    _drain(synced)
    assert portal.refusals == [] and portal.duplicates == 0
    total = 0
    for dossier in dossiers:
        held = portal.updates[dossier.reference]
        assert [u["sequence"] for u in held] == list(range(1, len(held) + 1))
        assert [u["status_code"] for u in held] == _expected(dossier)
        total += len(held)
    assert len(portal.keys) == total >= 5000
    assert synced.sync_log.counts() == {"accepted": total}
    assert synced.jobs.counts().get("dead", 0) == 0


def _due_later(tick, seconds: float = 4000.0) -> None:
    tick.now += seconds


def test_portal_down_for_a_while_then_everything_delivered_in_order(synced, portal, tick):
    portal.down = True
    dossiers = list(lives(synced, 30, synced.now()))
    _drain(synced)
    entries = synced.sync_log.entries(dossiers[0].id)
    assert {e.state for e in entries} == {"pending"} and "503" in (entries[0].reason or "")
    for _round in range(3):  # still down: every attempt fails and is put off by the back-off
        _due_later(tick)
        _drain(synced)
    assert portal.updates == {} and synced.jobs.counts().get("dead", 0) == 0
    [job] = [j for j in synced.jobs.jobs(kind=KIND, limit=1000) if j.payload == {"dossier_id": dossiers[0].id,
                                                                                  "sequence": 1}]
    assert job.attempts == 4 and job.status == "queued"
    portal.down = False
    _due_later(tick)
    _drain(synced)
    assert portal.refusals == [] and portal.duplicates == 0
    for dossier in dossiers:
        held = portal.updates[dossier.reference]
        assert [u["sequence"] for u in held] == list(range(1, len(_expected(dossier)) + 1))
        assert [u["status_code"] for u in held] == _expected(dossier)
    assert set(synced.sync_log.counts()) == {"accepted"}


def test_a_later_change_is_never_sent_before_an_earlier_one_is_accepted(synced, portal):
    dossier = live(synced, 1, synced.now())
    # the job of change 3 runs first: it sends 1, 2 and 3 in that order, and leaves 4 and 5 to their jobs
    assert push_pending(synced, dossier.id, up_to=3) == 3
    assert [u["sequence"] for u in portal.updates[dossier.reference]] == [1, 2, 3]
    assert [e.state for e in synced.sync_log.entries(dossier.id)] == ["accepted"] * 3 + ["pending"] * 2


def test_the_same_change_recorded_and_pushed_twice_is_one_record(synced, portal):
    dossier = live(synced, 1, synced.now())
    assert record_changes(synced, dossier) == 0  # already logged: no second row, no second job
    assert len(synced.jobs.jobs(kind=KIND, limit=100)) == len(_expected(dossier))
    _drain(synced)
    first = synced.sync_log.entries(dossier.id)[0]
    answer = synced.portal.push(first.update)
    assert answer.accepted and answer.reason == "duplicate"
    assert portal.duplicates == 1 and len(portal.updates[dossier.reference]) == len(_expected(dossier))


def test_a_refused_update_shows_the_portals_reason_and_holds_back_the_later_ones(synced, portal):
    dossier = live(synced, 1, synced.now())
    synced.sync_log.mark(dossier.id, 1, "accepted")  # we believe 1 was taken; the portal never got it
    assert push_pending(synced, dossier.id) == 0
    entries = synced.sync_log.entries(dossier.id)
    assert entries[1].state == "refused" and "out of order" in entries[1].reason and "expected sequence 1" in \
        entries[1].reason
    assert [e.state for e in entries[2:]] == ["pending"] * 3
    outcome = reconcile(synced)
    assert (outcome.checked, outcome.resent, outcome.problems) == (1, 5, [])
    assert [u["sequence"] for u in portal.updates[dossier.reference]] == [1, 2, 3, 4, 5]


def test_reconciliation_resends_what_the_portal_lost_and_leaves_the_rest(synced, portal):
    dossiers = [live(synced, n, synced.now()) for n in (1, 2)]
    _drain(synced)
    portal.forget(dossiers[0].reference, keep=2)
    outcome = reconcile(synced, [d.reference for d in dossiers])
    assert (outcome.checked, outcome.in_step, outcome.resent, outcome.problems) == (2, 1, 3, [])
    assert [u["sequence"] for u in portal.updates[dossiers[0].reference]] == [1, 2, 3, 4, 5]


def test_a_wrong_key_is_refused_by_the_portal_and_retried_not_lost(synced, portal):
    dossier = live(synced, 1, synced.now())
    connect(synced, portal, key="not-the-shared-key-at-all-000000")
    with pytest.raises(PortalSyncError, match=r"401.*signature does not match"):
        push_pending(synced, dossier.id)
    assert synced.sync_log.entries(dossier.id)[0].state == "pending"
    assert portal.updates == {}
