"""Result documents: the shipped birth certificate, every shipped result, checks, preview and signature."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json

import pypdf
import pytest
from click.testing import CliRunner

from builder.cli import cli
from runtime.agencies import load_directory
from runtime.definitions import DefinitionError, check_definition, load_procedure
from runtime.definitions.loader import find_definitions
from runtime.demo import DEMO_DIR
from runtime.documents import DemoAgencySigner, preview_definition, preview_result
from runtime.documents.samples import sample_answers
from runtime.paths import procedures_dir
from runtime.signatures import SignaturePolicy, verify_pdf

NOW = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
BIRTH = sample_answers("1.001193")


@pytest.fixture(scope="module")
def birth():
    return load_procedure(procedures_dir() / "1.001193" / "procedure.json")


@pytest.fixture(scope="module")
def agency():
    return load_directory(DEMO_DIR / "agencies.json").get("000.26.743.H79")


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_birth_certificate_follows_the_official_form_when_issued(birth, agency):
    text = _text(preview_result(birth, BIRTH, agency=agency, now=NOW))
    expected = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "GIẤY KHAI SINH",
        "Họ, chữ đệm, tên: TRẦN MINH KHÔI", "Ngày, tháng, năm sinh: 20/02/2026",
        "ghi bằng chữ: Ngày hai mươi, tháng hai, năm hai nghìn không trăm hai mươi sáu",
        "Giới tính: Nam", "Dân tộc: Kinh", "Quốc tịch: Việt Nam", "Nơi sinh: Bệnh viện Từ Dũ",
        "Quê quán: Xã Tân An, Tỉnh Đồng Tháp", "Họ, chữ đệm, tên người mẹ: NGUYỄN THỊ LAN", "Năm sinh: 1990",
        "Nơi cư trú: 12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh", "Họ, chữ đệm, tên người cha: TRẦN VĂN BÌNH",
        "Năm sinh: 1988", "Họ, chữ đệm, tên người đi đăng ký khai sinh: NGUYỄN THỊ LAN",
        "Giấy tờ tùy thân: Số định danh cá nhân 079190012345",
        "Nơi đăng ký khai sinh: Ủy ban nhân dân Phường Bến Thành, Thành phố Hồ Chí Minh",
        "Ngày, tháng, năm đăng ký: 02/03/2026", "NGƯỜI KÝ GIẤY KHAI SINH"]
    for line in expected:
        assert line in text
    assert "79, 26740" not in text  # codes are printed as names
    assert text.index("GIẤY KHAI SINH") < text.index("người mẹ") < text.index("người cha") < text.index("NGƯỜI KÝ")


def test_birth_certificate_leaves_the_father_out_when_he_is_not_declared(birth, agency):
    text = _text(preview_result(birth, {**BIRTH, "father_known": False}, agency=agency, now=NOW))
    assert "người cha" not in text and "người mẹ: NGUYỄN THỊ LAN" in text


def test_birth_certificate_template_cites_the_circular_it_follows(birth):
    notes = birth.cases[0].result.layout["notes"]
    assert "04/2020/TT-BTP" in notes and "01/2022/TT-BTP" in notes and "Điều 14" in notes


def test_signed_result_is_accepted_by_the_projects_own_verifier(birth, agency, tmp_path):
    signer = DemoAgencySigner(tmp_path / "ca")
    signed = signer.sign(preview_result(birth, BIRTH, agency=agency, now=NOW), agency,
                         reason="Cấp kết quả giải quyết thủ tục hành chính")
    report = verify_pdf(signed, SignaturePolicy(required=True, signer="organisation"), signer.ca.trust_store())
    assert report.accepted, report.citizen_message("en")
    assert "GIẤY KHAI SINH" in _text(signed)


@pytest.mark.parametrize("path", find_definitions([procedures_dir()]), ids=lambda p: p.parent.name)
def test_every_shipped_result_renders_its_template_when_answers_are_missing(path):
    procedure = load_procedure(path)
    for case in procedure.cases:
        assert case.result is not None and case.result.layout is not None
        text = _text(preview_result(procedure, {}, case_id=case.id, now=NOW))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "[" not in text  # "[Error]" marks a broken text


def _birth_document():
    return json.loads((procedures_dir() / "1.001193" / "procedure.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("value", "pointer_end", "code", "hint"), [
    ("{{ child_nam }}", "/blocks/4/rows/0/0/value", "document.unknown_name", "did you mean 'child_name'?"),
    ("{{ raw.child_birth_dat | date_words }}", "/blocks/4/rows/0/0/value", "document.unknown_field",
     "did you mean 'child_birth_date'?"),
    ("{{ child_name | shout }}", "/blocks/4/rows/0/0/value", "document.syntax", "filters: date"),
    ("{% for x in components %}{% endfor %}", "/blocks/4/rows/0/0/value", "document.syntax", "write {{ field_name }}"),
    ("{{ child_name ", "/blocks/4/rows/0/0/value", "document.syntax", ""),
])
def test_checker_reports_a_bad_template_text_with_pointer_and_hint(value, pointer_end, code, hint):
    document = _birth_document()
    document["cases"][0]["result"]["template"]["blocks"][4]["rows"][0][0]["value"] = value
    problems = [p for p in check_definition(document, "procedure.json") if p.is_error]
    assert [(p.pointer, p.code) for p in problems] == [("/cases/0/result/template" + pointer_end, code)]
    assert hint in problems[0].hint


def test_checker_reports_unknown_block_types_and_keys_with_pointer():
    document = _birth_document()
    blocks = document["cases"][0]["result"]["template"]["blocks"]
    blocks[1]["type"] = "headline"
    blocks[2]["colour"] = "red"
    pointers = {(p.pointer, p.code) for p in check_definition(document, "procedure.json")}
    assert ("/cases/0/result/template/blocks/1/type", "value.enum") in pointers
    assert ("/cases/0/result/template/blocks/2/colour", "key.unknown") in pointers


def test_checker_reports_a_condition_on_a_missing_field_in_a_block():
    document = _birth_document()
    document["cases"][0]["result"]["template"]["blocks"][8]["when"] = {
        "properties": {"father_knwon": {"const": True}}, "required": ["father_knwon"]}
    [problem] = [p for p in check_definition(document, "procedure.json") if p.is_error]
    assert problem.pointer == "/cases/0/result/template/blocks/8/when"
    assert problem.code == "condition.unknown_field" and "father_known" in problem.hint


def test_preview_of_a_draft_definition_gives_pdf_bytes_when_it_is_clean():
    pdf = preview_definition(_birth_document(), BIRTH, now=NOW)
    assert pdf.startswith(b"%PDF") and "TRẦN MINH KHÔI" in _text(pdf)


def test_preview_of_a_slip_uses_the_definitions_layout_when_it_has_one_else_the_standard_one():
    document = copy.deepcopy(_birth_document())
    standard = _text(preview_definition(document, BIRTH, now=NOW, kind="02"))
    assert "PHIẾU YÊU CẦU BỔ SUNG" in standard and "Đây là mẫu riêng" not in standard
    document["processing"]["slips"] = {"02": {"blocks": [
        {"type": "title", "text": "PHIẾU YÊU CẦU BỔ SUNG"},
        {"type": "text", "text": "Đây là mẫu riêng: {{ comment }}"}]}}
    own = _text(preview_definition(document, BIRTH, now=NOW, kind="02"))
    assert "Đây là mẫu riêng: (Nội dung cán bộ ghi khi thao tác" in own


def test_preview_of_a_draft_definition_is_refused_with_its_problems_when_broken():
    document = copy.deepcopy(_birth_document())
    document["cases"][0]["result"]["template"]["blocks"][1]["text"] = "{{ nobody }}"
    with pytest.raises(DefinitionError) as info:
        preview_definition(document, BIRTH)
    assert info.value.problems[0].pointer == "/cases/0/result/template/blocks/1/text"


def test_cli_writes_the_result_pdf_of_a_procedure_for_sample_answers(tmp_path):
    sample = tmp_path / "sample.json"
    sample.write_text(json.dumps(BIRTH, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli, ["result", "preview", "1.001193", "--data", str(sample), "-o", str(out),
                                      "--date", "2026-03-02"])
    assert result.exit_code == 0, result.output
    assert "Ngày, tháng, năm đăng ký: 02/03/2026" in _text(out.read_bytes())


@pytest.mark.parametrize(("content", "message"), [("{not json", "is not JSON"), ("[1, 2]", "JSON object")])
def test_cli_explains_bad_sample_data_instead_of_failing(tmp_path, content, message):
    sample = tmp_path / "sample.json"
    sample.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["result", "preview", "1.001193", "--data", str(sample), "-o",
                                      str(tmp_path / "o.pdf")])
    assert result.exit_code != 0 and message in result.output and not (tmp_path / "o.pdf").exists()


def test_cli_uses_the_shipped_sample_answers_when_no_data_is_given(tmp_path):
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli, ["result", "preview", "1.001193", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Họ, chữ đệm, tên: TRẦN MINH KHÔI" in _text(out.read_bytes())
