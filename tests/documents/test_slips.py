"""Slips and results as PDFs: Vietnamese text that reads back, and a signature that verifies."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pypdf
import pytest

from runtime.agencies import load_directory
from runtime.definitions import load_procedure
from runtime.demo import DEMO_DIR
from runtime.documents import DemoAgencySigner, build_slip, render_pdf
from runtime.dossiers.model import ComponentFiles, Dossier, Person, StoredFile
from runtime.paths import procedures_dir
from runtime.signatures import SignaturePolicy, Verdict, verify_pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)


@pytest.fixture(scope="module")
def world():
    procedure = load_procedure(procedures_dir() / "1.001193" / "procedure.json")
    agency = load_directory(DEMO_DIR / "agencies.json").get("000.26.743.H79")
    dossier = Dossier(
        procedure_code=procedure.code, case_id="on-time", reference="000.26.743.H79-260302-0007",
        applicant=Person(full_name="Nguyễn Thị Lan", personal_id="079190012345", phone="0912345678"),
        data={"child_name": "Trần Minh Khôi", "child_sex": "male", "child_birth_date": "2026-02-20",
              "relationship_to_child": "mother"},
        components=[ComponentFiles(component_id="birth-certificate", files=[StoredFile(
            sha256="a" * 64, name="chung-sinh.pdf", media_type="application/pdf", size=1000, pages=1)])],
        fees={"total": 16000}, received_at=NOW, due_at=NOW + dt.timedelta(days=1))
    return procedure, procedure.cases[0], agency, dossier


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # lines wrap where the layout needs


def test_receipt_holds_code_dates_components_and_fees_in_vietnamese(world):
    procedure, case, agency, dossier = world
    pdf = render_pdf(build_slip("01", dossier=dossier, procedure=procedure, case=case, agency=agency, now=NOW,
                                tracking_url="https://motcua.example/tra-cuu/000.26.743.H79-260302-0007"))
    text = _text(pdf)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "000.26.743.H79-260302-0007" in text
    assert "09 giờ 30 phút, ngày 02/03/2026" in text and "03/03/2026" in text
    assert "Nguyễn Thị Lan" in text and "Giấy chứng sinh" in text and "16.000 đồng" in text


@pytest.mark.parametrize("kind", ["02", "03", "04", "05"])
def test_every_slip_kind_renders_with_its_title(world, kind):
    procedure, case, agency, dossier = world
    content = build_slip(kind, dossier=dossier, procedure=procedure, case=case, agency=agency, now=NOW,
                         comment="Thiếu bản chính giấy chứng sinh", new_due_at=NOW + dt.timedelta(days=3))
    text = _text(render_pdf(content))
    assert content.title.split()[0] in text
    if kind in ("02", "03", "04"):
        assert "Thiếu bản chính giấy chứng sinh" in text


def test_receipt_lists_the_components_as_a_table_with_their_counts(world):
    procedure, case, agency, dossier = world
    text = _text(render_pdf(build_slip("01", dossier=dossier, procedure=procedure, case=case, agency=agency, now=NOW)))
    assert "Tên giấy tờ Bản chính Bản sao Tệp điện tử" in text
    assert "Giấy chứng sinh (hoặc văn bản của người làm chứng" in text


def test_signed_receipt_is_accepted_by_the_projects_own_verifier(world, tmp_path):
    procedure, case, agency, dossier = world
    signer = DemoAgencySigner(tmp_path / "ca")
    pdf = render_pdf(build_slip("01", dossier=dossier, procedure=procedure, case=case, agency=agency, now=NOW))
    signed = signer.sign(pdf, agency, reason="Tiếp nhận hồ sơ")
    report = verify_pdf(signed, SignaturePolicy(required=True, signer="organisation"), signer.ca.trust_store())
    assert report.verdict in (Verdict.VALID, Verdict.VALID_WITH_WARNINGS), report.citizen_message("en")
    assert report.accepted
    assert "000.26.743.H79-260302-0007" in _text(signed)


def _with_receipt_template(template):
    import json

    from runtime.definitions import compile_procedure

    document = json.loads((procedures_dir() / "1.001193" / "procedure.json").read_text(encoding="utf-8"))
    document["processing"]["slips"] = {"01": template}
    return document, compile_procedure(document)


RECEIPT = {"id": "receipt", "blocks": [
    {"type": "national-header"},
    {"type": "title", "text": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
    {"type": "fields", "rows": [[{"label": "Mã hồ sơ", "value": "{{ dossier.reference }}"}],
                                [{"label": "Hẹn trả kết quả", "value": "{{ dossier.due_at | datetime }}"}],
                                [{"label": "Trẻ", "value": "{{ child_name }}"}]]},
    {"type": "table", "items": "components", "columns": [{"header": "Giấy tờ", "value": "{{ row.name }}"},
                                                          {"header": "Tệp", "value": "{{ row.files }}"}]},
    {"type": "signature", "title": "NGƯỜI TIẾP NHẬN", "qr": "{{ tracking_url }}"}]}


def test_definition_replaces_a_standard_slip_when_it_gives_a_template(world):
    from runtime.documents import document_layout, draw_layout

    _procedure, _case, agency, dossier = world
    _document, procedure = _with_receipt_template(RECEIPT)
    layout = document_layout("01", dossier=dossier, procedure=procedure, case=procedure.cases[0], agency=agency,
                             now=NOW, tracking_url="https://motcua.example/track/x")
    text = _text(draw_layout(layout))
    assert "Mã hồ sơ: 000.26.743.H79-260302-0007" in text and "Trẻ: Trần Minh Khôi" in text
    assert "Hẹn trả kết quả: 09 giờ 30 phút, ngày 03/03/2026" in text and "Giấy tờ Tệp" in text
    assert layout.subject == "000.26.743.H79-260302-0007/01"
    standard = document_layout("02", dossier=dossier, procedure=procedure, case=procedure.cases[0], agency=agency,
                               now=NOW, comment="Thiếu giấy tờ")
    assert standard.title == "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"  # slips not listed keep the standard layout


def test_checker_reports_a_slip_template_naming_a_missing_field_with_its_pointer():
    from runtime.definitions import check_definition

    bad = {**RECEIPT, "blocks": [*RECEIPT["blocks"][:2], {"type": "text", "text": "{{ child_nme }}"}]}
    document, _procedure = _with_receipt_template(bad)
    problems = [p for p in check_definition(document, "procedure.json") if p.is_error]
    assert [(p.pointer, p.code) for p in problems] == [("/processing/slips/01/blocks/2/text", "document.unknown_name")]
    assert "child_name" in problems[0].hint


def test_slip_is_dated_at_the_agencys_commune_when_it_has_one(world):
    procedure, case, agency, dossier = world
    text = _text(render_pdf(build_slip("01", dossier=dossier, procedure=procedure, case=case, agency=agency, now=NOW)))
    assert "Phường Bến Thành, ngày 02 tháng 03 năm 2026" in text


def test_receipt_lists_the_documents_as_a_ruled_table_when_it_has_components(world):
    procedure, case, agency, dossier = world
    pdf = render_pdf(build_slip("01", dossier=dossier, procedure=procedure, case=case, agency=agency, now=NOW))
    text = _text(pdf)
    assert "|" not in text, "no pipe-separated text"
    assert "Tên giấy tờ" in text and "Bản chính" in text and "Giấy chứng sinh" in text
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    strokes = page.get_contents().get_data().count(b"re S")
    assert strokes >= 2 * 4, "a header row and a document row of four ruled cells each"


def test_documents_rendered_at_once_in_threads_embed_their_fonts_one_at_a_time(world, monkeypatch):
    """reportlab subsets a shared font file with a read position of its own: two subsets at once corrupt
    each other (an IndexError on the design day's load), so saving a document is serialised."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from reportlab.pdfbase.ttfonts import TTFontFile

    procedure, case, agency, dossier = world
    alone = _text(render_pdf(build_slip("01", dossier=dossier, procedure=procedure, case=case, agency=agency,
                                        now=NOW, tracking_url="https://motcua.example/t")))
    subset, active, most = TTFontFile.makeSubset, [0], [0]

    def slow_subset(self, subset_glyphs):
        active[0] += 1
        most[0] = max(most[0], active[0])
        time.sleep(0.02)  # long enough for another thread to start its own subset if it may
        try:
            return subset(self, subset_glyphs)
        finally:
            active[0] -= 1

    monkeypatch.setattr(TTFontFile, "makeSubset", slow_subset)
    start = threading.Barrier(4)

    def render(_: int) -> str:
        start.wait()
        return _text(render_pdf(build_slip("01", dossier=dossier, procedure=procedure, case=case, agency=agency,
                                           now=NOW, tracking_url="https://motcua.example/t")))

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(render, range(4))) == [alone] * 4
    assert most[0] == 1


def test_pdfs_are_written_by_reportlabs_c_accelerator_when_installed_from_the_lock():
    """reportlab[accel] is locked: number formatting and string widths run in C (rl_accel), not in
    reportlab's pure-Python fallbacks (about a quarter of a receipt's rendering time)."""
    from reportlab.lib import rl_accel

    assert type(rl_accel.fp_str).__name__ == "builtin_function_or_method", "rl_accel is missing"
    assert rl_accel.fp_str(1.5, 2) == "1.5 2"
