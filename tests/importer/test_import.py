"""A definition and a report from each record; re-importing updates drafts and never loses an administrator's edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.importer import import_path, import_record, summarise
from runtime.definitions.loader import check_definition

from .records import HEADER, crawled

ROOT = Path(__file__).resolve().parents[2]
# next to the repository (../shared), or next to the worktrees' folder when run from a worktree
SHARED = next((p / "shared" / "domain" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared" / "domain")
PORTAL = SHARED / "catalog-samples" / "2.000815.portal-api.json"
needs_shared = pytest.mark.skipif(not (SHARED / "catalog-dev").is_dir(),
                                  reason="the shared national catalogue records (../shared/domain) are not here")


def _errors(definition):
    return [p.format() for p in check_definition(definition, "test") if p.is_error]


def test_crawled_record_gives_a_definition_that_passes_the_checks():
    imported = import_record(crawled())
    definition = imported.definition
    assert _errors(definition) == []
    assert definition["level"] == ["commune"] and definition["agency_kind"]["id"] == "commune-peoples-committee"
    assert definition["applicant_types"] == ["foreign-organisation", "citizen", "organisation"]
    assert [d["number"] for d in definition["legal_basis"]] == ["60/2014/QH13", "123/2015/NĐ-CP", "281/2016/TT-BTC"]
    case = definition["cases"][0]
    assert case["time_limit"]["amount"] == 5 and case["time_limit"]["unit"] == "working-days"
    assert "trực tuyến: 3 ngày làm việc" in case["time_limit"]["note"]["vi"]
    [fee] = case["fees"]["items"]
    assert (fee["kind"], fee["amount"], fee["channels"], fee["name"]["vi"]) == \
        ("fixed", 20000, ["in-person"], "Phí, lệ phí (/hồ sơ)")
    assert [(c["originals"], c["required"]) for c in case["components"]] == [(1, True), (2, True), (1, False)]
    assert case["components"][0]["template"]["name"]["vi"] == "TK01.docx"
    assert definition["processing"]["result"]["code"] == "KQ.G15.000999"
    assert [p["id"] for p in case["form"]["pages"]] == ["applicant", "organisation"]


def test_report_says_per_field_what_was_parsed_guessed_or_needs_review_with_the_source():
    report = import_record(crawled(cach_thuc_thuc_hien=HEADER + "Trực tiếp7Không có thông tin")).report.to_dict()
    fields = report["fields"]
    assert fields["time_limit"]["status"] == "review" and fields["time_limit"]["items"][0]["source"] == "7"
    assert fields["fees"]["status"] == "review" and fields["legal_basis"]["status"] == "parsed"
    assert fields["effective_from"]["status"] == "guessed" and report["status"] == "review"


def test_something_that_is_not_a_record_fails_with_a_clear_problem():
    imported = import_record({"hello": "world"})
    assert imported.definition is None and imported.report.outcome == "failed"
    assert "not a national catalogue record" in imported.report.problems[0]


@needs_shared
def test_portal_record_gives_a_definition_with_its_cases_fees_and_result_code():
    imported = import_record(json.loads(PORTAL.read_text(encoding="utf-8")))
    definition = imported.definition
    assert _errors(definition) == [] and definition["code"] == "2.000815"
    [case] = definition["cases"]
    assert case["fees"]["items"][0]["kind"] == "per-page" and case["fees"]["items"][0]["tiers"][0]["price"] == 2000
    assert "10 USD" in case["fees"]["note"]["vi"] and imported.report.fields["fees"].worst() == "review"
    assert definition["processing"]["result"]["code"] == "KQ.G15.000021"


def _write(folder: Path, record: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{record['ma_thu_tuc']}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def test_reimport_of_a_changed_record_updates_the_draft_and_shows_the_diff(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _write(src, crawled())
    [first] = import_path(src, out)
    assert first.outcome == "created"
    assert import_path(src, out)[0].outcome == "unchanged"
    _write(src, crawled(cach_thuc_thuc_hien=HEADER + "Trực tiếp5 Ngày làm việc30,000 Việt Nam Đồng(/hồ sơ)"))
    [again] = import_path(src, out)
    assert again.outcome == "updated"
    assert any("amount" in line and "20000 → 30000" in line for line in again.diff)
    draft = json.loads((out / "9.000001" / "procedure.json").read_text(encoding="utf-8"))
    assert draft["cases"][0]["fees"]["items"][0]["amount"] == 30000


def test_reimport_never_overwrites_an_administrators_edits(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _write(src, crawled())
    import_path(src, out)
    draft_file = out / "9.000001" / "procedure.json"
    edited = json.loads(draft_file.read_text(encoding="utf-8"))
    edited["name"]["en"] = "Trial registration of ornamental birds"
    draft_file.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    _write(src, crawled(ten_thu_tuc="Đăng ký thử nghiệm việc nuôi chim cảnh (sửa đổi)"))
    [again] = import_path(src, out)
    assert again.outcome == "kept-edits" and any("/name/vi" in line for line in again.diff)
    assert json.loads(draft_file.read_text(encoding="utf-8")) == edited
    pending = json.loads((out / "9.000001" / "procedure.imported.json").read_text(encoding="utf-8"))
    assert pending["name"]["vi"].endswith("(sửa đổi)")


def test_import_command_prints_the_summary_and_the_report_is_json(tmp_path):
    from builder.cli import cli

    src, out = tmp_path / "src", tmp_path / "out"
    _write(src, crawled())
    _write(src, crawled(ma_thu_tuc="9.000002", cap_thuc_hien="Cấp tỉnh", co_quan_thuc_hien="Sở Tư pháp"))
    result = CliRunner().invoke(cli, ["import", str(src), "--out", str(out), "--summary"])
    assert result.exit_code == 0, result.output
    assert "time_limit" in result.output and "2 record(s): 2 draft(s) pass the checks" in result.output
    report = json.loads((out / "9.000002" / "import-report.json").read_text(encoding="utf-8"))
    assert report["fields"]["agency_kind"]["value"]["id"] == "department-of-justice"
    assert json.loads((out / "import-summary.json").read_text(encoding="utf-8"))["records"] == 2


@needs_shared
def test_sample_of_the_development_catalogue_passes_the_checks_and_routes_everywhere(tmp_path):
    from runtime.agencies import load_directory
    from runtime.agencies.coverage import CoverageCache, routing_problems
    from runtime.demo import DEMO_DIR

    files = sorted((SHARED / "catalog-dev").rglob("*.json"))[::20]
    reports = []
    cache = CoverageCache(load_directory(DEMO_DIR / "agencies.json"))
    for path in files:
        imported = import_record(json.loads(path.read_text(encoding="utf-8")), str(path))
        assert _errors(imported.definition) == [], path.name
        assert routing_problems(imported.definition, path.name, cache) == [], path.name
        reports.append(imported.report)
    assert summarise(reports)["records"] == len(files) >= 30


@needs_shared
def test_imported_definitions_render_their_catalogue_page_and_every_eform_page(tmp_path):
    from runtime import create_app
    from tests.identity.helpers import csrf_token

    src = tmp_path / "src"
    src.mkdir()
    for path in sorted((SHARED / "catalog-dev").rglob("*.json"))[5::60]:
        (src / path.name).write_bytes(path.read_bytes())
    reports = import_path(src, tmp_path / "out")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "MOTCUA_PROCEDURES": str(tmp_path / "out"), "MOTCUA_STORE": "memory://"})
    client = app.test_client()
    for report in reports:
        page = client.get(f"/procedures/{report.code}")
        assert page.status_code == 200, report.code
        definition = json.loads((tmp_path / "out" / report.code / "procedure.json").read_text(encoding="utf-8"))
        start = client.get(f"/procedures/{report.code}/apply")
        if "online" not in definition["channels"]:  # filed at the desk only: no online eForm
            assert start.status_code == 404
            continue
        posted = client.post(f"/procedures/{report.code}/apply", data={"csrf_token": csrf_token(start.text),
                                                                      "case": definition["cases"][0]["id"]})
        assert posted.status_code == 302, report.code
        draft_url = posted.headers["Location"].rsplit("/pages/", 1)[0]
        with app.app_context():  # answer "on behalf of an organisation" so its page is shown too
            repository = app.extensions["motcua.drafts"]
            draft = repository.get(draft_url.rsplit("/", 1)[1])
            draft.data["applicant_kind"] = "organisation"
            repository.save(draft)
        for form_page in definition["cases"][0]["form"]["pages"]:
            shown = client.get(f"{draft_url}/pages/{form_page['id']}")
            assert shown.status_code == 200, (report.code, form_page["id"])
            assert form_page["title"]["vi"] in shown.text


def test_import_over_a_hand_written_definition_keeps_it(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _write(src, crawled())
    (out / "9.000001").mkdir(parents=True)
    hand = {"written": "by hand"}
    (out / "9.000001" / "procedure.json").write_text(json.dumps(hand), encoding="utf-8")
    [report] = import_path(src, out)
    assert report.outcome == "kept-edits"
    assert json.loads((out / "9.000001" / "procedure.json").read_text(encoding="utf-8")) == hand
    assert (out / "9.000001" / "procedure.imported.json").exists()


def test_an_unreadable_record_is_reported_and_the_others_are_imported(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _write(src, crawled())
    (src / "broken.json").write_text("{not json", encoding="utf-8")
    reports = {r.code: r for r in import_path(src, out)}
    assert reports["broken"].outcome == "failed" and "cannot read broken.json" in reports["broken"].problems[0]
    assert reports["9.000001"].outcome == "created"
