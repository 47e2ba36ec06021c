"""Document templates: fields printed as on paper, tables, conditions, and a sandbox for texts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from runtime.agencies import load_directory
from runtime.definitions import load_procedure
from runtime.demo import DEMO_DIR
from runtime.documents import build_layout
from runtime.documents.context import document_context
from runtime.documents.expressions import TemplateTextError, parse, render_text
from runtime.documents.layout import FieldRow, Table, Title
from runtime.dossiers.model import ComponentFiles, Dossier, Person, StoredFile
from runtime.paths import procedures_dir

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)
HOME = {"province_code": "79", "commune_code": "26740", "street": "12 Lê Lợi"}


@pytest.fixture(scope="module")
def context():
    procedure = load_procedure(procedures_dir() / "1.001193" / "procedure.json")
    agency = load_directory(DEMO_DIR / "agencies.json").get("000.26.743.H79")
    dossier = Dossier(
        procedure_code=procedure.code, case_id="on-time", reference="000.26.743.H79-260302-0007",
        applicant=Person(full_name="Nguyễn Thị Lan", personal_id="079190012345"),
        data={"child_name": "Trần Minh Khôi", "child_sex": "male", "child_birth_date": "2026-02-20",
              "mother_address": HOME, "surrogacy": False, "extract_copies": 2},
        components=[ComponentFiles(component_id="birth-certificate", files=[StoredFile(
            sha256="a" * 64, name="chung-sinh.pdf", media_type="application/pdf", size=1000, pages=1)])],
        fees={"total": 16000}, received_at=NOW)
    return document_context(dossier=dossier, procedure=procedure, case=procedure.cases[0], agency=agency, now=NOW,
                            number=dossier.reference)


def _fields(template_blocks, context):
    layout = build_layout({"blocks": template_blocks}, context)
    return [cell for block in layout.blocks if isinstance(block, FieldRow) for cell in block.cells]


def test_fields_print_choice_labels_place_names_dates_and_words_when_given_codes(context):
    cells = _fields([{"type": "fields", "rows": [
        [{"label": "Giới tính", "value": "{{ child_sex }}"}],
        [{"label": "Nơi cư trú", "value": "{{ mother_address }}"}],
        [{"label": "Ngày sinh", "value": "{{ child_birth_date }}"}],
        [{"label": "ghi bằng chữ", "value": "{{ raw.child_birth_date | date_words }}"}],
        [{"label": "Mang thai hộ", "value": "{{ surrogacy }}"}],
        [{"label": "Lệ phí", "value": "{{ fees.total | money }} ({{ fees.total | money_words }})"}],
    ]}], context)
    assert cells == [
        ("Giới tính", "Nam"),
        ("Nơi cư trú", "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh"),
        ("Ngày sinh", "20/02/2026"),
        ("ghi bằng chữ", "Ngày hai mươi, tháng hai, năm hai nghìn không trăm hai mươi sáu"),
        ("Mang thai hộ", "Không"),
        ("Lệ phí", "16.000 đồng (Mười sáu nghìn đồng)"),
    ]


def test_document_facts_are_available_when_a_template_names_them(context):
    [title] = build_layout({"blocks": [{"type": "title", "text": "{{ place }} · {{ agency.province }} · {{ number }} "
                                        "· {{ issued_on | date_long }} · {{ applicant.full_name | upper }}"}]},
                           context).blocks
    assert isinstance(title, Title)
    assert title.text == ("Phường Bến Thành · Thành phố Hồ Chí Minh · 000.26.743.H79-260302-0007 · "
                          "ngày 02 tháng 03 năm 2026 · NGUYỄN THỊ LAN")


def test_table_block_repeats_its_columns_for_every_item_when_given_a_list(context):
    [table] = build_layout({"blocks": [{"type": "table", "items": "components", "title": "Thành phần hồ sơ",
                                        "columns": [{"header": "STT", "value": "{{ index }}"},
                                                    {"header": "Tên giấy tờ", "value": "{{ row.name }}", "width": 4},
                                                    {"header": "Tệp", "value": "{{ row.files }}"}]}]},
                           context).blocks
    assert isinstance(table, Table)
    assert table.headers == ("STT", "Tên giấy tờ", "Tệp") and table.widths == (1.0, 4.0, 1.0)
    assert table.rows[0][0] == "1" and table.rows[0][1].startswith("Giấy chứng sinh") and table.rows[0][2] == "1"


def test_repeated_fields_list_every_answer_when_items_is_filled(context):
    context = {**context, "filled": [{"label": "Họ và tên", "value": "Trần Minh Khôi"}]}
    cells = _fields([{"type": "fields", "items": "filled", "label": "{{ row.label }}", "value": "{{ row.value }}"}],
                    context)
    assert cells == [("Họ và tên", "Trần Minh Khôi")]


def test_block_is_left_out_when_its_condition_does_not_hold(context):
    father = {"properties": {"father_known": {"const": True}}, "required": ["father_known"]}
    cells = _fields([{"type": "fields", "when": father, "rows": [[{"label": "Cha", "value": "x"}]]},
                     {"type": "fields", "rows": [[{"label": "Mẹ", "value": "y"},
                                                  {"label": "Cha", "value": "x", "when": father}]]}], context)
    assert cells == [("Mẹ", "y")]


def test_missing_answers_print_empty_when_the_field_was_not_filled(context):
    assert _fields([{"type": "fields", "rows": [[{"label": "Quê quán", "value": "{{ child_hometown }}"}],
                                                [{"label": "Năm", "value": "{{ raw.father_birth_date | year }}"}]]}],
                   context) == [("Quê quán", ""), ("Năm", "")]


@pytest.mark.parametrize("text", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ raw.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
])
def test_templates_cannot_reach_python_internals_when_an_administrator_tries(context, text):
    rendered = render_text(text, context)
    assert "class" not in rendered and "uid=" not in rendered and "module" not in rendered


@pytest.mark.parametrize("text", ["{{ 'x' * 100000000 }}", "{{ 9 ** 9999999 }}", "{{ range(10 ** 9) | list }}",
                                  "{{ raw.update({'child_name': 'X'}) }}"])
def test_texts_cannot_exhaust_the_server_or_change_data_when_written_to(context, text):
    rendered = render_text(text, context)
    assert len(rendered) < 100 and context["raw"]["child_name"] == "Trần Minh Khôi"


@pytest.mark.parametrize("text", ["{% for x in components %}{{ x }}{% endfor %}", "{% set a = 1 %}",
                                  "{% macro m() %}{% endmacro %}", "{% include 'x' %}", "{{ x | nope }}", "{{ x "])
def test_text_is_refused_when_it_uses_statements_or_unknown_filters(text):
    with pytest.raises(TemplateTextError):
        parse(text)


def test_long_table_continues_on_new_pages_with_its_header_when_it_does_not_fit(context):
    import io

    import pypdf

    from runtime.documents import draw_layout

    items = [{"name": f"Giấy tờ số {i}"} for i in range(90)]
    layout = build_layout({"blocks": [{"type": "title", "text": "DANH SÁCH"},
                                      {"type": "table", "items": "items", "columns": [
                                          {"header": "STT", "value": "{{ index }}"},
                                          {"header": "Tên giấy tờ", "value": "{{ row.name }}", "width": 5}]}]},
                          {**context, "items": items}, footer="1.001193")
    pages = pypdf.PdfReader(io.BytesIO(draw_layout(layout))).pages
    assert len(pages) >= 2
    for page in pages:
        assert page.extract_text().lstrip().startswith(("DANH SÁCH", "STT Tên giấy tờ"))
    assert "Giấy tờ số 89" in pages[-1].extract_text() and "Trang 2" in pages[1].extract_text()


def test_result_without_a_layout_uses_the_generic_one_listing_every_answer(context):
    from runtime.definitions import load_procedure
    from runtime.documents import GENERIC_RESULT
    from runtime.documents.results import template_of

    procedure = load_procedure(procedures_dir() / "1.001193" / "procedure.json")
    case = procedure.cases[0]
    bare = type(case)(**{**{f: getattr(case, f) for f in case.__dataclass_fields__},
                         "result": type(case.result)(case.result.name, "birth-certificate", True)})
    assert template_of(bare) is GENERIC_RESULT and template_of(case) is case.result.layout


def test_checker_warns_when_a_field_is_named_like_a_document_value():
    from runtime.documents.checks import check_document_template

    problems = check_document_template({"blocks": [{"type": "text", "text": "{{ raw.number }}"}]}, "/t",
                                       {"number", "child_name"}, "procedure.json")
    assert [(p.code, p.severity.value) for p in problems] == [("document.shadowed_field", "warning")]
    assert "raw.number" in problems[0].hint


def _render_modes(pdf: bytes) -> list[int]:
    """The text render mode in force at each text shown (0 fill, 2 fill and stroke: our bold)."""
    import io

    import pypdf
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    stack, mode, shown = [], 0, []
    for operands, operator in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if operator == b"q":
            stack.append(mode)
        elif operator == b"Q":
            mode = stack.pop()
        elif operator == b"Tr":
            mode = int(operands[0])
        elif operator == b"Tj":
            shown.append(mode)
    return shown


def test_only_values_are_bold_when_labels_and_values_share_a_line(context):
    from runtime.documents import draw_layout

    layout = build_layout({"blocks": [{"type": "fields", "rows": [[{"label": "Giới tính", "value": "Nam"}]]},
                                      {"type": "text", "text": "plain after bold"}]}, context)
    modes = _render_modes(draw_layout(layout))
    assert modes == [0, 2, 0]  # label, value in bold, then a plain paragraph that must not inherit the bold


@pytest.mark.parametrize(("known", "expected"), [(True, "Có thông tin người cha"), (False, "Không khai người cha")])
def test_if_in_a_text_chooses_the_wording_when_the_data_decides(context, known, expected):
    text = "{% if raw.father_known %}Có thông tin người cha{% else %}Không khai người cha{% endif %}"
    assert render_text(text, {**context, "raw": {**context["raw"], "father_known": known}}) == expected
