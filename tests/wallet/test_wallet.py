"""The citizen's document wallet: filled when dossiers are filed and results issued, reused with one click."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from runtime.services import act_on_dossier, submit_draft
from runtime.services.documents import documents_of
from runtime.services.jobs import make_worker
from runtime.signatures.kinds import SignaturePolicy
from runtime.wallet import Wallet, keeps_its_report
from tests.services.conftest import make_draft
from tests.services.test_submission_and_processing import LEADER, OFFICER, RECEIVER

PDF = ("application/pdf",)


@pytest.mark.parametrize("backend", ["tinydb", "postgres"])
def test_a_filed_dossiers_attachments_reach_the_wallet_through_the_worker_with_their_reports(build, tmp_path,
                                                                                            request, backend):
    url = f"tinydb://{tmp_path / 'store'}" if backend == "tinydb" else request.getfixturevalue("postgres_url")
    services, config = build(url)
    draft = make_draft(services)
    dossier = submit_draft(services, draft.id, "citizen-lan")
    assert services.wallet.documents("citizen-lan") == [], "collected by the worker once the filing commits"
    make_worker(services, config).run(until_idle=True)
    [entry] = services.wallet.documents("citizen-lan")
    original = draft.components[0].files[0]
    assert (entry.kind, entry.sha256, entry.reference, entry.component_id) == (
        "attachment", original.sha256, dossier.reference, "birth-certificate")
    assert entry.verification == original.verification and entry.verdict in ("valid", "valid_with_warnings")
    assert services.wallet.documents("someone-else") == [] and services.wallet.get("someone-else", entry.sha256) is None


def test_collecting_the_same_dossier_twice_keeps_one_entry_per_file(services):
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    services.wallet.collect(dossier)
    services.wallet.collect(dossier)
    assert len(services.wallet.documents("citizen-lan")) == 1


def test_a_file_filed_again_keeps_the_report_of_its_first_acceptance(services, clock):
    first = submit_draft(services, make_draft(services).id, "citizen-lan")
    [entry] = services.wallet.documents("citizen-lan")
    later = dataclasses.replace(first, id="other", reference="later")
    later.components[0].files[0].verification = {"verdict": "invalid"}
    services.wallet.collect(later)
    assert services.wallet.get("citizen-lan", entry.sha256).reference == first.reference


def test_the_signed_result_enters_the_wallet_when_it_is_issued(services, clock):
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    for actor, action in [(RECEIVER, "accept"), (OFFICER, "propose"), (LEADER, "approve")]:
        clock.now += dt.timedelta(minutes=30)
        dossier = act_on_dossier(services, dossier.id, action, actor, expected_version=dossier.version).dossier
    [result] = documents_of(dossier, "result")
    entry = services.wallet.get("citizen-lan", result["sha256"])
    assert entry is not None and entry.kind == "result" and entry.size > 0
    assert entry.verification == result["verification"] and entry.verdict in ("valid", "valid_with_warnings")


def test_drafts_and_dossiers_handed_over_by_a_partner_system_put_nothing_in_a_wallet(services):
    draft = make_draft(services)
    assert services.wallet.collect(draft) == 0
    assert services.wallet.documents("citizen-lan") == []
    filed = submit_draft(services, make_draft(services).id, "citizen-lan")
    handed_over = dataclasses.replace(filed, account_id="exchange:commune", id="handed-over")
    assert services.wallet.collect(handed_over) == 0, "a partner's dossier: the wallet is on the partner's side"
    assert services.wallet.documents("exchange:commune") == []


def _entry(services, **changes):
    submit_draft(services, make_draft(services).id, "citizen-lan")
    [entry] = services.wallet.documents("citizen-lan")
    return dataclasses.replace(entry, **changes)


def test_a_report_made_under_a_policy_as_strict_is_kept_on_reuse(services):
    entry = _entry(services)
    assert entry.verification["policy"]["signer"] == "trusted"
    assert keeps_its_report(entry, SignaturePolicy(required=True, signer="trusted"), PDF)
    assert keeps_its_report(entry, SignaturePolicy(required=False), PDF)


def test_a_stricter_policy_or_another_media_type_means_the_file_is_checked_again(services):
    entry = _entry(services)
    assert not keeps_its_report(entry, SignaturePolicy(required=True, signer="applicant"), PDF)
    assert not keeps_its_report(entry, SignaturePolicy(required=True, signer="organisation"), PDF)
    assert not keeps_its_report(entry, SignaturePolicy(required=True), ("image/jpeg",))
    unsigned_then = dataclasses.replace(entry, verification={**entry.verification, "verdict": "unsigned",
                                                             "policy": {**entry.verification["policy"],
                                                                        "required": False}})
    assert keeps_its_report(unsigned_then, SignaturePolicy(required=False), PDF)
    assert not keeps_its_report(unsigned_then, SignaturePolicy(required=True), PDF)
    with_script = dataclasses.replace(entry, verification={**entry.verification,
                                                           "reasons": [{"key": "pdf.javascript"}]})
    assert keeps_its_report(with_script, SignaturePolicy(required=True), PDF)
    assert not keeps_its_report(with_script, SignaturePolicy(required=True, refuse_javascript=True), PDF)


def test_a_report_that_was_refused_is_never_kept(services):
    entry = _entry(services)
    refused = dataclasses.replace(entry, verification={**entry.verification, "verdict": "invalid"})
    assert not keeps_its_report(refused, SignaturePolicy(required=False), PDF)


def test_a_store_without_shared_tables_has_no_wallet_and_one_with_a_folder_has(tmp_path):
    from runtime.storage import open_store
    from runtime.wallet import open_wallet

    class InMemory:  # like the in-memory store of the studio's preview: neither a pool nor a folder
        pass

    assert open_wallet(InMemory()) is None
    with open_store(f"tinydb://{tmp_path / 'store'}") as store:
        assert isinstance(open_wallet(store), Wallet)
