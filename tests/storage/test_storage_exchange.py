"""The exchange's nonces and links, run against every backend: kept with the unit of work, or not at all."""

from __future__ import annotations

import time

import pytest

from runtime.storage import open_store


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        yield opened


def remember(store, partner: str, nonce: str, *, commit: bool = True, expires: float | None = None) -> bool:
    with store.unit_of_work() as uow:
        fresh = uow.exchange.remember_nonce(partner, nonce, expires or time.time() + 3600)
        if commit:
            uow.commit()
    return fresh


def test_a_nonce_is_accepted_once_per_partner_and_refused_when_seen_again(store):
    assert remember(store, "police", "a" * 32)
    assert not remember(store, "police", "a" * 32), "a replay"
    assert remember(store, "insurance", "a" * 32), "another partner's nonces are its own"


def test_a_nonce_recorded_in_a_rolled_back_unit_of_work_is_not_kept(store):
    assert remember(store, "police", "b" * 32, commit=False)
    assert remember(store, "police", "b" * 32), "the failed message can be sent again"


def test_an_expired_nonce_is_forgotten(store):
    assert remember(store, "police", "c" * 32, expires=time.time() - 1)
    assert remember(store, "police", "c" * 32)


def test_a_link_to_a_partners_dossier_is_found_after_commit_only(store):
    with store.unit_of_work() as uow:
        uow.exchange.link("commune", "remote-1", "ours-1")
        assert uow.exchange.linked_dossier("commune", "remote-1") == "ours-1", "seen in its own unit of work"
    with store.unit_of_work() as uow:
        assert uow.exchange.linked_dossier("commune", "remote-1") is None, "rolled back"
        uow.exchange.link("commune", "remote-1", "ours-1")
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.exchange.linked_dossier("commune", "remote-1") == "ours-1"
        assert uow.exchange.linked_dossier("police", "remote-1") is None
