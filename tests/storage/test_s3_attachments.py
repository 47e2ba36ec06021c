"""The S3-compatible attachment store's own guarantees, against a local S3 server (moto)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from runtime.plugins import PluginError
from runtime.production import production_problems
from runtime.storage.attachments import AttachmentCorrupt
from runtime.storage.base import StorageError
from runtime.storage.plugins import ATTACHMENTS


@pytest.fixture
def s3(s3_settings):
    store = ATTACHMENTS.build(s3_settings)
    yield store
    store.close()


def test_objects_are_kept_under_the_prefix_at_ab_cd_sha256_when_put(s3):
    sha = s3.put(b"%PDF-1.7 scanned form")
    listed = s3.client.list_objects_v2(Bucket=s3.bucket)["Contents"]
    assert [item["Key"] for item in listed] == [f"attachments/{sha[:2]}/{sha[2:4]}/{sha}"]


def test_reading_refuses_bytes_that_do_not_match_their_hash(s3):
    sha = s3.put(b"%PDF-1.7 the original")
    s3.client.put_object(Bucket=s3.bucket, Key=s3.key(sha), Body=b"%PDF-1.7 swapped in the bucket")
    with pytest.raises(AttachmentCorrupt, match=sha):
        s3.open(sha)


def test_clean_up_keeps_a_file_uploaded_again_between_its_look_and_its_delete(s3, monkeypatch):
    content = b"%PDF-1.7 the same scan, uploaded twice"
    sha = s3.put(content)
    looked = s3.client.head_object

    def look_then_upload_again(**kwargs):
        answer = looked(**kwargs)
        monkeypatch.setattr(s3.client, "head_object", looked)
        assert s3.put(content) == sha  # a citizen uploads the same file at this very moment
        return answer

    monkeypatch.setattr(s3.client, "head_object", look_then_upload_again)
    assert s3.remove_if_older(sha, cutoff=time.time() + 3600) is False
    with s3.open(sha) as handle:
        assert handle.read() == content


def test_clean_up_is_refused_with_the_reason_when_bucket_versioning_is_off(s3_settings, s3_server):
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test")
    client.create_bucket(Bucket=s3_settings["MOTCUA_S3_BUCKET"] + "-plain")
    client.close()
    store = ATTACHMENTS.build({**s3_settings, "MOTCUA_S3_BUCKET": s3_settings["MOTCUA_S3_BUCKET"] + "-plain"})
    sha = store.put(b"%PDF-1.7 orphan")
    with pytest.raises(StorageError, match="turn on bucket versioning"):
        store.remove_if_older(sha, cutoff=time.time() + 3600)
    assert store.exists(sha)
    store.close()


def test_unreachable_server_is_reported_as_a_storage_error(s3_settings):
    store = ATTACHMENTS.build({**s3_settings, "MOTCUA_S3_ENDPOINT": "http://127.0.0.1:9", "MOTCUA_S3_TIMEOUT": 1})
    with pytest.raises(StorageError, match="S3 attachment store: cannot"):
        store.put(b"%PDF-1.7 nowhere to go")
    store.close()


@pytest.mark.parametrize(("settings", "words"), [
    ({}, "MOTCUA_S3_BUCKET is not set"),
    ({"MOTCUA_S3_BUCKET": "b", "MOTCUA_S3_ACCESS_KEY": "only-half"}, "both MOTCUA_S3_ACCESS_KEY"),
    ({"MOTCUA_S3_BUCKET": "b", "MOTCUA_S3_ADDRESSING": "sideways"}, "MOTCUA_S3_ADDRESSING"),
])
def test_s3_store_is_refused_with_the_setting_named_when_misconfigured(settings, words):
    with pytest.raises(PluginError, match=words):
        ATTACHMENTS.build({"MOTCUA_ATTACHMENT_STORE": "s3", **settings})


def test_s3_store_is_a_real_backend_accepted_in_production():
    from tests.plugins.test_registry import REAL

    assert ATTACHMENTS.plugin({"MOTCUA_ATTACHMENT_STORE": "s3"}).demo is False
    assert production_problems({**REAL, "MOTCUA_ATTACHMENT_STORE": "s3"}) == []


def test_garbage_collection_removes_only_unreferenced_objects_when_attachments_are_in_s3(tmp_path, s3_settings,
                                                                                          catalog_for_gc):
    from runtime.agencies import load_directory
    from runtime.demo import DEMO_DIR
    from runtime.services import submit_draft
    from runtime.services.factory import build_services
    from runtime.storage.attachment_gc import collect_garbage
    from tests.services.conftest import make_draft

    services = build_services({"SECRET_KEY": "test", "MOTCUA_STORE": f"tinydb://{tmp_path / 'store'}",
                               **s3_settings}, tmp_path, catalog_for_gc, load_directory(DEMO_DIR / "agencies.json"))
    try:
        files = services.attachments
        draft = make_draft(services)
        filed = submit_draft(services, make_draft(services).id, "citizen-lan")
        orphan = files.put(b"%PDF-1.7 removed from a draft long ago")
        later = datetime.now(UTC) + timedelta(hours=100)
        report = collect_garbage(services.store, files, grace=timedelta(hours=48), now=later)
        assert report.removed == (orphan,)
        assert not files.exists(orphan)
        for dossier in (draft, filed):
            assert files.verify(dossier.components[0].files[0].sha256), "referenced files are kept, intact"
    finally:
        services.store.close()
        services.attachments.close()


@pytest.fixture(scope="module")
def catalog_for_gc():
    from runtime.definitions import Catalog, load_definitions
    from runtime.paths import procedures_dir

    return Catalog(load_definitions([procedures_dir() / "1.001193"]).procedures)


def _environment(monkeypatch, settings):
    for name in ("MOTCUA_STORE", "MOTCUA_ATTACHMENTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(name, str(value))


def test_cli_verify_names_the_corrupt_object_and_fails_when_a_bucket_object_changed(s3, s3_settings, tmp_path,
                                                                                   monkeypatch):
    from click.testing import CliRunner

    from builder.cli import cli

    intact, damaged = s3.put(b"%PDF-1.7 intact"), s3.put(b"%PDF-1.7 will rot")
    _environment(monkeypatch, s3_settings)
    result = CliRunner().invoke(cli, ["attachments", "verify", "--instance", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "checked 2 files: 2 intact, 0 corrupt" in result.output
    s3.client.put_object(Bucket=s3.bucket, Key=s3.key(damaged), Body=b"%PDF-1.7 rotted")
    result = CliRunner().invoke(cli, ["attachments", "verify", "--instance", str(tmp_path)])
    assert result.exit_code == 1
    assert f"CORRUPT {damaged}" in result.output and intact not in result.output


def test_cli_clean_up_uses_the_configured_s3_store_and_keeps_recent_files(s3, s3_settings, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from builder.cli import cli

    fresh = s3.put(b"%PDF-1.7 just uploaded")
    _environment(monkeypatch, s3_settings)
    result = CliRunner().invoke(cli, ["attachments", "gc", "--instance", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 files stored, 0 referenced; removed 0, kept 1 recent unreferenced" in result.output
    assert s3.exists(fresh)
