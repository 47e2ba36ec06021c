"""Definitions in the store: load/export files, and publication served without a restart."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from click.testing import CliRunner

from builder.cli import cli
from runtime import create_app
from runtime.storage import open_store
from runtime.storage.definitions import DefinitionRecord


def _app(tmp_path, store_url):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "INSTANCE_PATH": str(tmp_path / "instance"),
                       "MOTCUA_STORE": store_url, "MOTCUA_CATALOG_REFRESH_SECONDS": 0})


def test_published_version_is_served_by_a_running_app_when_the_store_changes(tmp_path):
    url = f"tinydb://{tmp_path / 'store'}"
    app = _app(tmp_path, url)
    client = app.test_client()
    assert "Thủ tục đăng ký khai sinh" in client.get("/procedures/1.001193").get_data(as_text=True)
    document = copy.deepcopy(app.extensions["motcua.catalog"].get("1.001193").document)
    document["name"]["vi"] = "Đăng ký khai sinh (bản mới)"
    with open_store(url) as store, store.unit_of_work() as uow:
        uow.definitions.add(DefinitionRecord("1.001193", document, "province:79", "t", status="published",
                                             effective_from="2000-01-01"))
        uow.commit()
    page = client.get("/procedures/1.001193").get_data(as_text=True)
    assert "Đăng ký khai sinh (bản mới)" in page
    served = app.extensions["motcua.catalog"].get("1.001193")
    assert served.file == "store:1.001193@1"


def test_scheduled_version_is_not_served_before_its_date(tmp_path):
    url = f"tinydb://{tmp_path / 'store'}"
    app = _app(tmp_path, url)
    document = copy.deepcopy(app.extensions["motcua.catalog"].get("1.001193").document)
    document["name"]["vi"] = "Bản tương lai"
    with open_store(url) as store, store.unit_of_work() as uow:
        uow.definitions.add(DefinitionRecord("1.001193", document, "province:79", "t", status="published",
                                             effective_from="2999-01-01"))
        uow.commit()
    assert "Bản tương lai" not in app.test_client().get("/procedures/1.001193").get_data(as_text=True)


def test_load_then_export_gives_back_the_same_documents_when_nothing_changed(tmp_path):
    url = f"tinydb://{tmp_path / 'store'}"
    runner = CliRunner()
    first = runner.invoke(cli, ["load", "procedures", "--url", url])
    assert first.exit_code == 0, first.output
    assert "15 version(s) published" in first.output
    again = runner.invoke(cli, ["load", "procedures", "--url", url])
    assert "0 version(s) published, 15 unchanged" in again.output
    out = runner.invoke(cli, ["export", str(tmp_path / "out"), "--url", url])
    assert out.exit_code == 0, out.output
    exported = tmp_path / "out" / "1.001193" / "procedure.json"
    original = json.loads(Path("procedures/1.001193/procedure.json").read_text(encoding="utf-8"))
    assert json.loads(exported.read_text(encoding="utf-8")) == original
    assert list(json.loads(exported.read_text(encoding="utf-8"))) == list(original)


def test_load_reports_a_broken_file_and_exits_non_zero(tmp_path):
    broken = tmp_path / "bad" / "9.000001" / "procedure.json"
    broken.parent.mkdir(parents=True)
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", str(tmp_path / "bad"), "--url", f"tinydb://{tmp_path / 's'}"])
    assert result.exit_code == 1 and "not valid JSON" in result.output
