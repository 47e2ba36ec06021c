"""The dossier model: JSON round trip and the hash-chained event log."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from storage_factories import T0, build_dossier

from runtime.dossiers.audit import GENESIS_HASH, event_hash, verify_chain
from runtime.dossiers.model import Dossier, Person

ICT = timezone(timedelta(hours=7))


def test_dossier_round_trips_through_json_when_every_field_is_set() -> None:
    dossier = build_dossier(step="review", national_code=2, due_at=T0.astimezone(ICT))
    raw = json.loads(json.dumps(dossier.to_dict()))
    again = Dossier.from_dict(raw)
    assert again == dossier
    assert raw["due_at"] == "2024-05-06T15:30:00+07:00"
    assert raw["applicant"]["birth_date"] == "1990-01-02"


def test_new_dossier_is_a_version_zero_draft_when_created() -> None:
    dossier = Dossier(procedure_code="1.001193", applicant=Person(full_name="A"))
    assert (dossier.is_draft, dossier.status.step, dossier.status.national_code) == (True, "draft", 1)
    assert (dossier.version, dossier.reference, len(dossier.id)) == (0, None, 32)


def test_serialization_refuses_naive_datetimes_when_timezone_missing() -> None:
    dossier = build_dossier(due_at=datetime(2024, 5, 6, 8, 0))
    with pytest.raises(ValueError, match="naive datetime"):
        dossier.to_dict()


def test_unknown_channel_is_refused_when_building_a_dossier() -> None:
    with pytest.raises(ValueError, match="channel"):
        Dossier(procedure_code="1", applicant=Person(full_name="A"), channel="fax")  # type: ignore[arg-type]


def test_events_chain_to_the_previous_hash_when_appended() -> None:
    dossier = build_dossier(with_event=False)
    first = dossier.append_event(actor="u1", action="create", at=T0)
    second = dossier.append_event(actor="u2", action="submit", at=T0, data={"k": 1})
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert second.hash == event_hash(second.to_dict())
    assert verify_chain(dossier) == []


def test_hash_is_the_same_when_the_instant_is_written_in_another_timezone() -> None:
    dossier = build_dossier(with_event=False)
    event = dossier.append_event(actor="u1", action="create", at=T0)
    moved = event.to_dict() | {"at": T0.astimezone(ICT).isoformat()}
    assert event_hash(moved) == event.hash


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (lambda d: setattr(d.events[0], "comment", "forged"), "event 1: hash mismatch"),
        (lambda d: d.events.pop(0), "event 1: sequence number is 2"),
        (lambda d: d.events.reverse(), "event 1: sequence number is 3"),
        (lambda d: setattr(d.events[2], "prev_hash", "f" * 64), "event 3: prev_hash"),
    ],
    ids=["edit", "remove", "reorder", "relink"],
)
def test_verify_chain_reports_a_problem_when_events_are_tampered(tamper, problem: str) -> None:
    dossier = build_dossier()
    dossier.append_event(actor="u2", action="submit", at=T0)
    dossier.append_event(actor="u3", action="receive", at=T0)
    tamper(dossier)
    problems = verify_chain(dossier)
    assert any(p.startswith(problem) for p in problems), problems
