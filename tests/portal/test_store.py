"""The sync log, the hand-over register and citizens' preferences: one contract, both store backends."""

from __future__ import annotations

import pytest

from runtime.agencies import load_directory
from runtime.definitions import Catalog
from runtime.demo import DEMO_DIR
from runtime.notifications.preferences import Preferences, open_preferences
from runtime.portal.synclog import open_sync_log
from runtime.services.factory import build_services
from runtime.services.jobs import make_worker
from runtime.storage import open_store
from tests.services.conftest import Clock

from .conftest import connect
from .lives import live

UPDATE = {"idempotency_key": "A-260302-0001:1", "sequence": 1, "dossier_code": "A-260302-0001", "status_code": 1}


@pytest.fixture(params=["tinydb", "postgres"])
def store_url(request, tmp_path):
    if request.param == "tinydb":
        return f"tinydb://{tmp_path / 'store'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url):
    opened = open_store(store_url)
    yield opened
    opened.close()


def test_the_sync_log_keeps_one_row_per_change_and_what_the_portal_said(store):
    log = open_sync_log(store)
    assert log.record("d1", UPDATE) is True
    assert log.record("d1", {**UPDATE, "status_code": 4}) is False, "a change is logged once"
    log.record("d1", {**UPDATE, "sequence": 2, "idempotency_key": "A-260302-0001:2", "status_code": 4})
    log.mark("d1", 1, "sent", attempt=True)
    log.mark("d1", 1, "accepted")
    log.mark("d1", 2, "refused", "out of order", attempt=True)
    first, second = log.entries("d1")
    assert (first.sequence, first.state, first.attempts, first.status_code, first.update) == (1, "accepted", 1, 1,
                                                                                               UPDATE)
    assert (second.state, second.reason, second.key) == ("refused", "out of order", "A-260302-0001:2")
    assert log.last_sequence("d1") == 2 and log.last_sequence("d2") == 0
    assert log.counts() == {"accepted": 1, "refused": 1} and log.open_dossiers() == ["d1"]
    with pytest.raises(ValueError, match="not in"):
        log.mark("d1", 1, "lost")


def test_a_hand_over_is_claimed_once_per_portal_id(store):
    log = open_sync_log(store)
    assert log.incoming("G22-1") is None
    assert log.claim_incoming("G22-1", "d1") is True
    assert log.claim_incoming("G22-1", "d2") is False
    assert log.incoming("G22-1") == ("d1", "")
    log.release_incoming("G22-1")  # could not be filed: the portal may send it again
    assert log.claim_incoming("G22-1", "d3") is True
    log.filed_incoming("G22-1", "A-3")
    log.release_incoming("G22-1")  # a filed hand-over is never released
    assert log.incoming("G22-1") == ("d3", "A-3")


def test_preferences_are_both_channels_until_the_citizen_chooses(store):
    preferences = open_preferences(store)
    assert preferences.get("vn-1") == Preferences(email=True, sms=True) == preferences.get(None)
    preferences.set("vn-1", Preferences(email=False, sms=True))
    preferences.set("vn-1", Preferences(email=False, sms=False))
    assert preferences.get("vn-1") == Preferences(email=False, sms=False)
    assert not preferences.get("vn-1").allows("sms") and preferences.get("vn-2").allows("email")


def test_lives_on_postgres_reach_the_portal_in_order_through_its_queue(postgres_url, tmp_path, catalog, portal):
    config = {"SECRET_KEY": "test", "MOTCUA_STORE": postgres_url, "MOTCUA_WORKER": "external"}
    services = build_services(config, tmp_path, Catalog(list(catalog)), load_directory(DEMO_DIR / "agencies.json"))
    services.clock = Clock()
    connect(services, portal)
    try:
        dossiers = [live(services, n, services.now()) for n in range(1, 21)]
        make_worker(services, config).run(until_idle=True)
        for dossier in dossiers:
            codes = [e.data["national_code"] for e in dossier.events if "national_code" in e.data]
            assert [u["status_code"] for u in portal.updates[dossier.reference]] == codes
        assert portal.refusals == [] and portal.duplicates == 0
        assert set(services.sync_log.counts()) == {"accepted"}
    finally:
        services.store.close()
