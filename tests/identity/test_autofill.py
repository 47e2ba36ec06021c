"""Autofill from the identity: locked and editable fields, provenance, the lookup log, reuse."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest

from runtime.definitions import load_procedure
from runtime.definitions.model import Form, Page, Text
from runtime.dossiers.model import Provenance
from runtime.identity.autofill import (
    Notice,
    autofill_fields,
    merge_submitted,
    prefill,
    reuse_candidates,
    reuse_fields,
)
from runtime.identity.base import Identity
from runtime.identity.contrib.demo import PopulationRegistry
from runtime.identity.lookups import IdentityLookup, JsonLinesLookupLog, prefill_logged
from runtime.identity.session import lookup_log

from .helpers import demo_login

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = {"type": "object", "properties": {
    "province_code": {"type": "string"}, "commune_code": {"type": "string"}, "street": {"type": "string"}}}
SCHEMA = {"type": "object", "properties": {
    "name": {"type": "string", "x-autofill": {"source": "citizen.full_name", "mode": "locked"}},
    "personal_id": {"type": "string", "x-autofill": {"source": "citizen.personal_id", "mode": "locked"}},
    "phone": {"type": "string", "x-autofill": {"source": "citizen.phone"}, "x-reuse": True},
    "sex": {"type": "string", "enum": ["male", "female"], "x-autofill": {"source": "citizen.sex"}},
    "address": {"$ref": "#/$defs/address", "x-autofill": {"source": "citizen.current_address", "mode": "editable"}},
    "father_name": {"type": "string", "x-autofill": {"source": "citizen.father.full_name"}},
    "email": {"type": "string", "x-autofill": {"source": "citizen.email"}},
    "purpose": {"type": "string", "x-reuse": True},
}}
IDENTITY = Identity("demo", "079095220260", "079095220260", "Nguyễn Thanh Bảo", {
    "personal_id": "079095220260", "full_name": "Nguyễn Thanh Bảo", "phone": "0839306326", "sex": "other",
    "current_address": {"province_code": "79", "commune_code": "26740", "street": "42/22 Nguyễn Huệ",
                        "text": "42/22 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh"},
    "father": {"full_name": "Nguyễn Văn Hùng"},
})


@pytest.fixture
def case():
    page = Page("applicant", Text("Người nộp", "Applicant"), SCHEMA, {"address": ADDRESS})
    return SimpleNamespace(form=Form((page,), {"address": ADDRESS}))


def test_prefill_fills_identity_values_with_provenance_when_fields_declare_autofill(case):
    data, provenance = prefill(case, IDENTITY)
    assert data == {
        "name": "Nguyễn Thanh Bảo", "personal_id": "079095220260", "phone": "0839306326",
        "address": {"province_code": "79", "commune_code": "26740", "street": "42/22 Nguyễn Huệ"},
        "father_name": "Nguyễn Văn Hùng",
    }
    assert provenance["/name"] == {"source": "autofilled", "attribute": "citizen.full_name",
                                   "original": "Nguyễn Thanh Bảo", "mode": "locked"}
    assert provenance["/address"]["original"] == data["address"]
    assert "/sex" not in provenance  # "other" is not one of the field's values
    assert "/email" not in provenance  # the identity has no e-mail
    assert Provenance.from_dict(provenance["/phone"]).source == "autofilled"


def test_locked_field_keeps_the_identity_value_when_a_client_changes_it(case):
    _, provenance = prefill(case, IDENTITY)
    sent = {"name": "Someone Else", "personal_id": "079095220260", "phone": "0839306326"}

    data, merged, notices = merge_submitted(sent, provenance, fields=autofill_fields(case))

    assert data["name"] == "Nguyễn Thanh Bảo"
    assert merged["/name"]["source"] == "autofilled"
    assert notices == [Notice("/name", "citizen.full_name", "locked-kept")]


def test_locked_field_is_restored_when_a_client_removes_it(case):
    _, provenance = prefill(case, IDENTITY)
    data, _, notices = merge_submitted({"phone": "0839306326"}, provenance, fields=autofill_fields(case))
    assert data["personal_id"] == "079095220260" and data["name"] == "Nguyễn Thanh Bảo"
    assert notices == []


def test_locked_field_keeps_the_identity_value_when_fields_come_only_from_provenance(case):
    _, provenance = prefill(case, IDENTITY)
    data, _, notices = merge_submitted({"name": "Someone Else"}, provenance)
    assert data == {"name": "Nguyễn Thanh Bảo"}  # other pages' fields are not added
    assert [n.pointer for n in notices] == ["/name"]


def test_editable_field_becomes_changed_with_the_original_kept_when_the_applicant_corrects_it(case):
    _, provenance = prefill(case, IDENTITY)
    moved = {"province_code": "79", "commune_code": "26743", "street": "5 Lê Lai"}
    sent = {"name": "Nguyễn Thanh Bảo", "phone": "0912000111", "address": moved}

    data, merged, notices = merge_submitted(sent, provenance, fields=autofill_fields(case))

    assert data["phone"] == "0912000111" and data["address"] == moved
    assert merged["/phone"] == {"source": "changed", "attribute": "citizen.phone", "original": "0839306326",
                                "mode": "editable"}
    assert merged["/address"]["source"] == "changed"
    assert merged["/address"]["original"]["commune_code"] == "26740"
    assert notices == []


def test_editable_field_stays_autofilled_when_sent_back_unchanged_in_another_unicode_form(case):
    _, provenance = prefill(case, IDENTITY)
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Hùng") + " "
    data, merged, _ = merge_submitted({"father_name": decomposed}, provenance, fields=autofill_fields(case))
    assert merged["/father_name"]["source"] == "autofilled"
    assert data["father_name"] == "Nguyễn Văn Hùng"


def test_editable_field_returns_to_autofilled_when_the_change_is_undone(case):
    _, provenance = prefill(case, IDENTITY)
    _, changed, _ = merge_submitted({"phone": "0912000111"}, provenance, fields=autofill_fields(case))
    _, back, _ = merge_submitted({"phone": "0839306326"}, changed, fields=autofill_fields(case))
    assert back["/phone"]["source"] == "autofilled"


def test_prefill_works_on_a_real_procedure_when_the_identity_comes_from_the_demo_registry():
    procedure = load_procedure(ROOT / "procedures" / "1.001193" / "procedure.json")
    registry = PopulationRegistry.load()
    record = registry.featured()[0]
    identity = Identity("demo", record["personal_id"], record["personal_id"], record["full_name"],
                        registry.attributes(record["personal_id"]))
    data, provenance = prefill(procedure.cases[0], identity)
    assert data["applicant_name"] == record["full_name"]
    assert data["applicant_personal_id"] == record["personal_id"]
    assert data["applicant_address"] == {k: record["current_address"][k]
                                         for k in ("province_code", "commune_code", "street")}
    assert provenance["/applicant_personal_id"]["mode"] == "locked"
    for page in procedure.cases[0].form.pages:  # what was filled in passes the page's own checks
        page_data = {k: v for k, v in data.items() if k in page.field_names}
        if page_data:
            errors = [e for e in page.validator.iter_errors(page_data) if e.kind.name != "required"]
            assert errors == []


def test_lookup_is_logged_with_who_when_what_and_for_which_draft_when_a_form_is_prefilled(tmp_path, case):
    log = JsonLinesLookupLog(tmp_path / "logs" / "identity-lookups.jsonl")
    prefill_logged(case, IDENTITY, log, actor="vn-079095220260", draft_id="draft-1")
    prefill_logged(case, IDENTITY, log, actor="vn-079095220260", dossier_id="dossier-9")

    lines = (tmp_path / "logs" / "identity-lookups.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert len(lines) == 2
    assert first["actor"] == "vn-079095220260" and first["subject"] == "079095220260"
    assert first["draft_id"] == "draft-1" and first["dossier_id"] is None
    assert "citizen.current_address" in first["attributes"] and "citizen.full_name" in first["attributes"]
    assert first["at"].endswith("+00:00")
    assert [e.dossier_id for e in log] == [None, "dossier-9"]


def test_lookup_is_refused_when_it_names_neither_a_dossier_nor_a_draft():
    with pytest.raises(ValueError):
        IdentityLookup("vn-079095220260", "079095220260", ("citizen.full_name",))


def test_citizen_sees_the_lookups_of_their_data_when_opening_their_identity_page(demo_app, case):
    client = demo_app.test_client()
    demo_login(client, "079095220260")
    with demo_app.app_context():
        prefill_logged(case, IDENTITY, lookup_log(), actor="vn-079095220260", draft_id="draft-42")
    assert (Path(demo_app.instance_path) / "logs" / "identity-lookups.jsonl").exists()
    assert "draft-42" in client.get("/auth/me").get_data(as_text=True)


def test_reuse_offers_distinct_values_newest_first_when_earlier_dossiers_hold_them(case):
    pointers = reuse_fields(case)
    earlier = [{"phone": "0912000111", "purpose": "Đi học"}, {"phone": "0912000111 "}, {"phone": "0839306326"},
               {"purpose": ""}, {}]
    assert pointers == ["/phone", "/purpose"]
    found = reuse_candidates(pointers, earlier)
    assert found == {"/phone": ["0912000111", "0839306326"], "/purpose": ["Đi học"]}
    assert reuse_candidates(["/phone"], earlier, limit=1) == {"/phone": ["0912000111"]}
