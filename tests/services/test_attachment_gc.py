"""Issue 14: attachment files nobody references are removed after a grace period, safely."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from runtime.services import submit_draft
from runtime.services.uploads import UploadRefused, check_upload
from runtime.storage.attachment_gc import collect_garbage

from .conftest import make_draft

HOUR = timedelta(hours=1)


def _age(files, sha256: str, hours: float) -> None:
    """Pretend the file was last stored ``hours`` ago."""
    when = time.time() - hours * 3600
    os.utime(files.path(sha256), (when, when))


def _all_aged(files, hours: float = 100) -> None:
    for sha256, _ in list(files.blobs()):
        _age(files, sha256, hours)


def test_unreferenced_file_is_removed_when_older_than_the_grace_period(services):
    files = services.attachments
    draft = make_draft(services)
    filed = submit_draft(services, make_draft(services).id, "citizen-lan")
    orphan = files.put(b"%PDF-1.7 removed from a draft long ago")
    _all_aged(files)
    report = collect_garbage(services.store, files, grace=48 * HOUR)
    assert report.removed == (orphan,)
    assert not files.exists(orphan)
    for dossier in (draft, filed):
        assert files.exists(dossier.components[0].files[0].sha256), "referenced files are kept"


def test_unreferenced_file_is_kept_when_stored_within_the_grace_period(services):
    files = services.attachments
    fresh = files.put(b"%PDF-1.7 just uploaded, draft not saved yet")
    report = collect_garbage(services.store, files, grace=48 * HOUR)
    assert report.removed == () and report.kept_recent == 1
    assert files.exists(fresh)


def test_file_is_kept_when_the_same_content_is_uploaded_again_during_clean_up(services):
    files = services.attachments
    sha256 = files.put(b"%PDF-1.7 the same scan, uploaded twice")
    _age(files, sha256, 100)
    cutoff = (datetime.now(UTC) - 48 * HOUR).timestamp()
    assert dict(files.blobs())[sha256] < cutoff  # the clean-up lists it as a candidate ...
    assert files.put(b"%PDF-1.7 the same scan, uploaded twice") == sha256  # ... an upload comes
    assert not files.remove_if_older(sha256, cutoff)
    assert files.exists(sha256)


def test_upload_writes_the_file_again_when_clean_up_removed_it_first(services):
    files = services.attachments
    content = b"%PDF-1.7 removed a moment before the upload"
    sha256 = files.put(content)
    _age(files, sha256, 100)
    assert files.remove_if_older(sha256, time.time() - 3600)
    assert files.put(content) == sha256 and files.exists(sha256)


def test_dry_run_removes_nothing_when_asked_only_to_list(services):
    files = services.attachments
    orphan = files.put(b"%PDF-1.7 orphan")
    _all_aged(files)
    report = collect_garbage(services.store, files, grace=HOUR, dry_run=True)
    assert report.removed == (orphan,) and files.exists(orphan)


def test_refused_upload_is_never_stored(services):
    procedure = services.catalog.get("1.001193")
    component = procedure.cases[0].component("birth-certificate")
    before = list(services.attachments.blobs())
    try:
        check_upload(services, component, "x.pdf", b"%PDF-1.7\nnot really a pdf", {"0"})
    except UploadRefused:
        pass
    else:  # pragma: no cover - the file must be refused
        raise AssertionError("a broken PDF was accepted")
    assert list(services.attachments.blobs()) == before


def test_cli_reports_what_it_removed_when_run_by_a_scheduler(tmp_path, monkeypatch):
    from builder.cli import cli
    from runtime.storage.attachments import FileSystemAttachmentStore

    monkeypatch.delenv("MOTCUA_STORE", raising=False)
    monkeypatch.delenv("MOTCUA_ATTACHMENTS", raising=False)
    files = FileSystemAttachmentStore(tmp_path / "attachments")
    orphan = files.put(b"orphan")
    _age(files, orphan, 100)
    result = CliRunner().invoke(cli, ["attachments", "gc", "--instance", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"removed {orphan}" in result.output
    assert not files.exists(orphan)


def test_worker_runs_the_clean_up_as_a_daily_scheduled_job(services):
    from runtime.jobs import Job
    from runtime.services.jobs import handlers, schedules

    assert any(s.kind == "attachments.gc" and s.every == 86400.0 for s in schedules({}))
    files = services.attachments
    orphan = files.put(b"%PDF-1.7 left behind by a withdrawn draft")
    _all_aged(files)
    run = handlers(services, {"MOTCUA_ATTACHMENT_GRACE_HOURS": 48})["attachments.gc"]
    run(Job(id=1, kind="attachments.gc", payload={}, attempts=1))
    assert not files.exists(orphan)
