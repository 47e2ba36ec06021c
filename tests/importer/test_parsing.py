"""The importer's rules on the portal's flattened text: channels, fees, components, legal basis, metadata."""

from __future__ import annotations

import pytest

from builder.importer.channels import channels_from_text
from builder.importer.components import components_from_text, split_template
from builder.importer.legal import legal_from_text
from builder.importer.metadata import read_agency_kind, read_applicants, read_levels, read_results, read_steps

from .records import HEADER, TABLE


def test_each_channel_gets_its_own_time_limit_and_fees_when_run_together():
    web, desk = channels_from_text(HEADER + "Trực tuyến3 Ngày làm việcMiễn phí"
                                   "Trực tiếp5 Ngày25,000 Việt Nam Đồng(/hồ sơ)")
    assert (web.channel, web.time, web.time_status) == ("online", (3.0, "working-days"), "parsed")
    assert [f.kind for f in web.fees] == ["free"]
    assert (desk.channel, desk.time) == ("in-person", (5.0, "calendar-days"))
    assert (desk.fees[0].kind, desk.fees[0].amount, desk.fees[0].unit, desk.fees[0].status) == \
        ("fixed", 25000, "hồ sơ", "parsed")


@pytest.mark.parametrize("text, why", [
    ("Trực tiếpKhông có thông tinMiễn phí", "no time limit given"),
    ("Trực tiếp7Miễn phí", "a bare number: working days assumed"),
])
def test_missing_or_bare_time_limits_are_flagged_for_review(text, why):
    [channel] = channels_from_text(HEADER + text)
    assert channel.time_status == "review" and channel.time_note == why


def test_a_free_fee_whose_note_holds_a_tariff_is_flagged_with_its_text():
    [channel] = channels_from_text(HEADER + "Trực tiếp5 Ngày làm việcMiễn phí(Mức lệ phí do Hội đồng nhân dân tỉnh "
                                   "quyết định: 8.000 đồng/việc)")
    [fee] = channel.fees
    assert fee.kind == "free" and fee.status == "review" and "8.000 đồng/việc" in fee.source


def test_a_fee_is_flagged_when_the_description_names_another_amount():
    [channel] = channels_from_text(HEADER + "Trực tiếp6 Ngày làm việc800,000 Việt Nam ĐồngPhí: 800.000 đồng/hồ sơ. "
                                   "Lệ phí: 100.000 đồng/hồ sơ.")
    [fee] = channel.fees
    assert (fee.amount, fee.status) == (800000, "review") and "100.000" in fee.note


def test_a_fee_stays_parsed_when_the_description_repeats_its_amount():
    [channel] = channels_from_text(HEADER + "Trực tiếp3 Ngày làm việc150,000 Việt Nam Đồng(150.000 đồng/1 giấy)")
    assert [fee.status for fee in channel.fees] == ["parsed"]


@pytest.mark.parametrize("note, status", [
    ("Cho một loại hình sản phẩm: 8.000.000/lần", "review"),
    ("Phí thẩm định", "review"),
    ("Không quy định", "parsed"),
    ("Chưa quy định.", "parsed"),
])
def test_a_free_fee_is_flagged_when_its_note_names_money_or_a_fee(note, status):
    [channel] = channels_from_text(HEADER + f"Trực tiếp5 Ngày làm việcMiễn phí({note})")
    assert [fee.status for fee in channel.fees] == [status]


@pytest.mark.parametrize("fee_text, kind, status", [
    ("10 USD(/bản)", "foreign", "review"),
    ("2,000 Việt Nam Đồng(/trang)", "per-page", "review"),
    ("50,000 Việt Nam Đồng(áp dụng mức 25.000 đồng/hồ sơ đến hết năm 2026)", "fixed", "review"),
    ("Không có thông tin", "unknown", "review"),
    ("100,000 Việt Nam Đồng(100.000 đồng/giấy)", "fixed", "parsed"),
])
def test_fee_kinds_and_what_needs_review(fee_text, kind, status):
    [channel] = channels_from_text(HEADER + "Trực tiếp3 Ngày làm việc" + fee_text)
    assert (channel.fees[0].kind, channel.fees[0].status) == (kind, status)


def test_amount_right_after_the_channel_is_a_fee_not_a_time_limit():
    [channel] = channels_from_text(HEADER + "Trực tiếp1250 VNĐ")
    assert channel.time is None and channel.fees[0].amount == 1250


def test_components_are_split_with_templates_counts_and_groups():
    read = components_from_text("* Giấy tờ phải nộp:" + TABLE + "Tờ khai theo mẫu.TK01.docx1 bản chính,1 bản sao"
                                "Giấy phép (01 bản chính) của cơ sở1 bản chính"
                                "* Giấy tờ phải xuất trình:" + TABLE + "Hộ chiếu1 bản chính")
    assert [(c.name, c.template, c.originals, c.copies, c.group) for c in read.components] == [
        ("Tờ khai theo mẫu.", "TK01.docx", 1, 1, "submit"),
        ("Giấy phép (01 bản chính) của cơ sở", "", 1, 0, "submit"),
        ("Hộ chiếu", "", 1, 0, "present")]


def test_notes_are_not_components():
    read = components_from_text("--" + TABLE + "Đơn đề nghị1 bản chính"
                                "* Lưu ý:" + TABLE + "Không nộp bản sao.0 bản chính"
                                "--" + TABLE + "+ Người tiếp nhận có trách nhiệm đối chiếu.0 bản chính")
    assert [c.name for c in read.components] == ["Đơn đề nghị"]
    assert read.notes == ["Không nộp bản sao.", "Người tiếp nhận có trách nhiệm đối chiếu."]


def test_a_row_whose_template_has_no_visible_seam_is_kept_not_dropped():
    read = components_from_text("--" + TABLE + "Đơn đề nghị theo Mẫu TP- QTV-04Mẫu TP-QTV-04.docx1 bản chính"
                                "02 ảnh màu cỡ 3cm x 4cm1 bản chính")
    assert [(c.name, c.template, c.originals) for c in read.components] == [
        ("Đơn đề nghị theo Mẫu TP- QTV-04Mẫu", "TP-QTV-04.docx", 1), ("02 ảnh màu cỡ 3cm x 4cm", "", 1)]


def test_several_papers_listed_in_one_row_become_components_flagged_for_review():
    read = components_from_text("--" + TABLE + "- Đơn đề nghị theo Mẫu số 01. - Biên bản họp theo Mẫu số 02. "
                                "- Dự án theo Mẫu số 03.1 bản chính")
    assert [(c.name, c.originals, c.status) for c in read.components] == [
        ("Đơn đề nghị theo Mẫu số 01.", 1, "review"), ("Biên bản họp theo Mẫu số 02.", 1, "review"),
        ("Dự án theo Mẫu số 03.", 1, "review")]


def test_a_row_followed_by_the_next_cases_label_ends_there():
    read = components_from_text("a) Chủ động " + TABLE + "Biên bản.1 bản chính- Thông báo (mẫu 17);1 bản chính"
                                "b) Theo yêu cầu " + TABLE + "Văn bản yêu cầu.1 bản chính")
    assert [c.name for c in read.components] == ["Biên bản.", "Thông báo (mẫu 17);", "Văn bản yêu cầu."]


def test_components_of_one_case_only_are_flagged_for_review():
    read = components_from_text("--" + TABLE + "Đơn1 bản chính"
                                "Trường hợp ủy quyền:" + TABLE + "Văn bản ủy quyền1 bản chính")
    assert [(c.name, c.group, c.status) for c in read.components] == [
        ("Đơn", "submit", "parsed"), ("Văn bản ủy quyền", "case", "review")]


@pytest.mark.parametrize("text, name, template", [
    ("Văn bản đề nghị của Việt NamMẫu số 06-PLIII.docx", "Văn bản đề nghị của Việt Nam", "Mẫu số 06-PLIII.docx"),
    ("Tờ khai ban hành ngày 30/6/2023.NA5.doc", "Tờ khai ban hành ngày 30/6/2023.", "NA5.doc"),
    ("Văn bản đề nghị (theo mẫu)12.1.PL.docx", "Văn bản đề nghị (theo mẫu)", "12.1.PL.docx"),
    ("Giấy khai sinh", "Giấy khai sinh", ""),
    ("Đơn đề nghị cấp lại theo Mẫu TP- QTV-04Mẫu TP-QTV-04.docx", "Đơn đề nghị cấp lại theo Mẫu TP- QTV-04Mẫu",
     "TP-QTV-04.docx"),
])
def test_template_file_is_split_from_the_name(text, name, template):
    assert split_template(text) == (name, template)


def test_legal_documents_are_split_when_codes_run_into_titles():
    docs = legal_from_text("Tên văn bản pháp lýMã văn bảnLuật Hộ tịch60/2014/QH13Nghị định số 123/2015/NĐ-CP ngày "
                           "15/11/2015 của Chính phủ quy định chi tiết123/2015/NĐ-CP"
                           "Thông tư 01/2020/TT-BTP01/2020/TT-BTP"
                           "Luật 51/2019/QH1451/2019/QH14")
    assert [(d.number, d.issuer) for d in docs] == [
        ("60/2014/QH13", "Quốc hội"), ("123/2015/NĐ-CP", "Chính phủ"), ("01/2020/TT-BTP", "Bộ Tư pháp"),
        ("51/2019/QH14", "Quốc hội")]
    assert docs[0].title == "Luật Hộ tịch" and docs[1].issued_on == "2015-11-15"


def test_levels_applicants_agency_and_results_follow_the_catalogue_words():
    assert read_levels("Cấp bộ, Cấp tỉnh").value == ["ministry", "province"]
    assert read_levels("").status == "review"
    applicants = read_applicants("Tổ chức (không bao gồm doanh nghiệp, HTX), Doanh nghiệp có vốn đầu tư nước ngoài, "
                                 "Tổ chức nước ngoài, Người Việt Nam định cư ở nước ngoài")
    assert applicants.value == ["foreign-invested-enterprise", "foreign-organisation", "overseas-vietnamese",
                                "organisation"]
    assert read_agency_kind(["Công an cấp xã"], ["commune"]).value["id"] == "commune-police"
    assert read_agency_kind(["Phòng Quản lý xuất nhập cảnh, Công an tỉnh"], ["province"]).value["id"] == \
        "provincial-police"
    unknown = read_agency_kind(["Cục Con nuôi"], ["ministry"])
    assert unknown.status == "guessed" and unknown.value["id"] == "public-service-centre"
    results = read_results("Thẻ ABTCMã: KQ.G01.000012Giấy báo tinMã: KQ.G01.000013Từ khóaKhông có thông tin")
    assert results.value == [{"name": "Thẻ ABTC", "code": "KQ.G01.000012"},
                             {"name": "Giấy báo tin", "code": "KQ.G01.000013"}]
    assert read_steps("Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.").value == ["Nộp hồ sơ.", "Nhận kết quả."]


def test_groups_headed_by_their_case_become_cases_with_the_common_papers():
    from builder.importer.components import split_cases

    read = components_from_text("--" + TABLE + "Tờ khai1 bản chính"
                                "Đối với cá nhân:" + TABLE + "Thẻ căn cước1 bản chính"
                                "Đối với cơ quan, tổ chức:" + TABLE + "Quyết định thành lập0 bản chính,1 bản sao")
    cases = split_cases(read)
    assert [(name, [(c.name, c.group) for c in r.components]) for name, r in cases] == [
        ("Đối với cá nhân", [("Tờ khai", "submit"), ("Thẻ căn cước", "submit")]),
        ("Đối với cơ quan, tổ chức", [("Tờ khai", "submit"), ("Quyết định thành lập", "submit")])]


def test_groups_naming_a_part_of_the_dossier_are_required_papers():
    read = components_from_text("Hồ sơ của người nhận con nuôi:" + TABLE + "Đơn xin nhận con nuôi2 bản chính"
                                "Nhóm 2 gồm các văn bản sau" + TABLE + "Giấy khám sức khỏe1 bản chính")
    assert [(c.name, c.group, c.status) for c in read.components] == [
        ("Đơn xin nhận con nuôi", "submit", "parsed"), ("Giấy khám sức khỏe", "submit", "parsed")]


@pytest.mark.parametrize("text, names", [
    ("Đơn theo Mẫu số 01.1 bản chính,1 bản sao01 bản chính Biên bản xác nhận.1 bản chính",
     [("Đơn theo Mẫu số 01.", 1, 1), ("01 bản chính Biên bản xác nhận.", 1, 0)]),
    ("Văn bản đề nghị ban hành năm 20231 bản chínhDanh sách2 bản chính",
     [("Văn bản đề nghị ban hành năm 2023", 1, 0), ("Danh sách", 2, 0)]),
])
def test_quantities_in_names_or_glued_to_numbers_are_read_right(text, names):
    read = components_from_text("--" + TABLE + text)
    assert [(c.name, c.originals, c.copies) for c in read.components] == names


def test_a_lower_amount_for_a_period_becomes_a_dated_reduction():
    from builder.importer.definition import import_record

    from .records import crawled

    record = crawled(cach_thuc_thuc_hien=HEADER + "Trực tiếp5 Ngày làm việc50,000 Việt Nam Đồng(áp dụng mức phí "
                     "25.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC)")
    fees = import_record(record).definition["cases"][0]["fees"]
    assert fees["items"][0]["amount"] == 50000
    assert fees["exemptions"] == [{"id": "reduced-fee-1", "items": ["fee-1"], "from": "2025-07-01", "to": "2026-12-31",
                                   "percent": 50.0, "reason": {"vi": "Mức thu 25.000 đồng từ 2025-07-01 đến 2026-12-31",
                                                               "en": "25,000 VND from 2025-07-01 to 2026-12-31"}}]


def test_a_time_limit_written_in_prose_is_read_and_marked_guessed():
    from builder.importer.channels import time_in_prose

    assert time_in_prose("Trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ") == (3.0, "working-days")
    assert time_in_prose("Giải quyết ngay trong ngày tiếp nhận yêu cầu") == (1.0, "working-days")
    assert time_in_prose("Theo quy định") is None
