"""The studio's pure parts: deployment checks, the reviewer's diff, the palette and form edits."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from builder.studio import form_edit
from builder.studio.deployment import check_deployment
from builder.studio.diff import diff_documents
from builder.studio.locate import locate
from builder.studio.palette import KINDS, kind_of, schema_for
from builder.studio.skeleton import new_document
from runtime.agencies import load_directory
from runtime.definitions import check_definition
from runtime.demo import DEMO_DIR
from runtime.identity.officials import DEMO_OFFICIALS, JsonOfficialDirectory


@pytest.fixture(scope="module")
def deployment():
    agencies = load_directory(DEMO_DIR / "agencies.json")
    return list(agencies), list(JsonOfficialDirectory(DEMO_OFFICIALS))


def test_agency_kind_without_any_agency_is_reported_when_checked(deployment):
    document = new_document("9.000001", "Thử", "Trial")
    document["agency_kind"]["id"] = "moon-base"
    [problem] = check_deployment(document, "f", *deployment)
    assert problem.code == "deployment.agency_kind" and problem.pointer == "/agency_kind/id"


def test_step_role_nobody_holds_is_reported_when_checked(deployment):
    document = new_document("9.000001", "Thử", "Trial")
    assert check_deployment(document, "f", *deployment) == []
    document["processing"]["steps"][1]["role"] = "astronaut"
    [problem] = check_deployment(document, "f", *deployment)
    assert problem.code == "deployment.role" and problem.pointer == "/processing/steps/1/role"


def test_fee_naming_a_field_no_page_asks_is_an_error_when_checked():
    document = new_document("9.000001", "Thử", "Trial")
    document["cases"][0]["fees"]["items"].append({"id": "copies", "name": {"vi": "Bản sao", "en": "Copies"},
                                                  "kind": "per-unit", "unit_price": 1000,
                                                  "quantity": {"field": "/copies"}})
    codes = {p.code for p in check_definition(document, "f")}
    assert "fee.unknown_field" in codes


def test_diff_names_added_removed_and_changed_parts_when_versions_differ():
    old = json.loads(Path("procedures/1.001193/procedure.json").read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    new["name"]["vi"] = "Tên mới"
    props = new["cases"][0]["form"]["pages"][0]["schema"]["properties"]
    props.pop(next(iter(props)))
    new["cases"][0]["fees"]["items"][0]["amount"] = 5000
    new["processing"]["steps"].pop()
    found = {(c.area, c.how) for c in diff_documents(old, new)}
    assert {("metadata", "changed"), ("field", "removed"), ("fee", "changed"), ("step", "removed")} <= found
    assert diff_documents(old, copy.deepcopy(old)) == []


@pytest.mark.parametrize("kind", [k.id for k in KINDS])
def test_every_palette_kind_is_recognised_and_checks_clean_when_added(kind):
    options = [("a", "Một", "One"), ("b", "Hai", "Two")]
    schema = schema_for(kind, "Nhãn", "Label", options=options)
    assert kind_of(schema) == kind
    document = new_document("9.000001", "Thử", "Trial")
    if kind in ("repeat", "group"):
        target = schema["items"] if kind == "repeat" else schema
        target["properties"]["inner"] = schema_for("text", "Bên trong", "Inside")
    document = form_edit.add_field(document, 0, 0, "new_field", schema, required=False)
    assert [p.format() for p in check_definition(document, "f") if p.is_error] == []


def test_field_moves_and_conditional_rules_round_trip_when_edited():
    document = new_document("9.000001", "Thử", "Trial")
    document = form_edit.add_field(document, 0, 0, "married", schema_for("yes-no", "Đã kết hôn", "Married"), True)
    spouse = schema_for("text", "Tên vợ/chồng", "Spouse's name")
    document = form_edit.add_field(document, 0, 0, "spouse", spouse, True, ("married", True))
    rows = form_edit.field_rows(document["cases"][0]["form"]["pages"][0])
    assert [(r.name, r.condition) for r in rows] == [("applicant_name", None), ("married", None),
                                                     ("spouse", ("married", True))]
    moved = form_edit.move_field(document, 0, 0, "married", -1)
    assert list(moved["cases"][0]["form"]["pages"][0]["schema"]["properties"]) == ["married", "applicant_name"]
    removed = form_edit.remove_field(document, 0, 0, "spouse")
    assert "allOf" not in removed["cases"][0]["form"]["pages"][0]["schema"]
    assert [p.format() for p in check_definition(document, "f") if p.is_error] == []


def test_problem_pointers_lead_to_the_editor_that_fixes_them_when_located():
    assert locate("/name/vi") == ("metadata", {"field": "name_vi"})
    assert locate("/cases/0/form/pages/2/schema/properties/child_name/x-label") == (
        "fields", {"case": "0", "page": "2", "field": "child_name"})
    assert locate("/processing/steps/3/role")[0] == "json"


def test_diagram_flags_unreachable_steps_and_dead_ends_when_drawn():
    from builder.studio.diagram import build_diagram
    from builder.studio.parts_edit import add_step

    document = new_document("9.000001", "Thử", "Trial")
    assert build_diagram(document).unreachable == [] and build_diagram(document).dead_ends == []
    document = add_step(document, id="orphan", name_vi="Mồ côi", name_en="Orphan", role="leader", status=4,
                        duration=1, unit="working-days", end=False)
    diagram = build_diagram(document)
    assert diagram.unreachable == ["orphan"] and diagram.dead_ends == ["orphan"]
    assert len(diagram.edges) == 3 and all(e.path.startswith("M") for e in diagram.edges)


def test_fields_nest_in_groups_and_repeatable_groups_when_added_with_a_parent():
    document = new_document("9.000001", "Thử", "Trial")
    document = form_edit.add_field(document, 0, 0, "children", schema_for("repeat", "Các con", "Children"), False)
    document = form_edit.add_field(document, 0, 0, "child_name", schema_for("text", "Tên con", "Child's name"),
                                   True, parent="children")
    rows = form_edit.field_rows(document["cases"][0]["form"]["pages"][0])
    assert ("children.child_name", "children", True) in [(r.name, r.parent, r.required) for r in rows]
    assert [p.format() for p in check_definition(document, "f") if p.is_error] == []
    changed = form_edit.update_field(document, 0, 0, "children.child_name",
                                     {"x-label": {"vi": "Họ tên con", "en": "Name"}, "maxLength": 50}, False)
    inner = changed["cases"][0]["form"]["pages"][0]["schema"]["properties"]["children"]["items"]
    assert inner["properties"]["child_name"]["maxLength"] == 50 and inner["required"] == []
    removed = form_edit.remove_field(changed, 0, 0, "children.child_name")
    assert removed["cases"][0]["form"]["pages"][0]["schema"]["properties"]["children"]["items"]["properties"] == {}
    with pytest.raises(form_edit.EditError):
        form_edit.add_field(document, 0, 0, "x", schema_for("text", "X", "X"), False, parent="applicant_name")
