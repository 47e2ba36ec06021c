"""Background work through the worker: receipts off the request path, messages retried, workers killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from runtime.services import submit_draft
from runtime.services.documents import documents_of
from runtime.services.jobs import issue_receipt, make_worker
from runtime.signatures import SignaturePolicy, verify_pdf
from tests.notifications.test_notifications import _free_port, _Inbox
from tests.services.conftest import make_draft

ROOT = Path(__file__).resolve().parents[2]


def _get(services, dossier_id):
    with services.store.unit_of_work() as uow:
        return uow.dossiers.get(dossier_id)


def test_filing_returns_the_code_at_once_and_the_worker_issues_the_signed_receipt_when_queued(build, tmp_path):
    services, config = build(f"tinydb://{tmp_path / 'store'}")
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    assert dossier.reference and documents_of(dossier, "01") == [] and dossier.extra["receipt_pending"]
    make_worker(services, config).run(until_idle=True)
    stored = _get(services, dossier.id)
    [receipt] = documents_of(stored, "01")
    assert "receipt_pending" not in stored.extra
    with services.attachments.open(receipt["sha256"]) as fh:
        assert verify_pdf(fh.read(), SignaturePolicy(required=True, signer="organisation"), services.trust).accepted


def test_receipt_job_issues_one_receipt_when_it_runs_twice(build, tmp_path):
    services, _config = build(f"tinydb://{tmp_path / 'store'}")
    dossier = submit_draft(services, make_draft(services).id, "citizen-lan")
    job = services.jobs.claim("w", ("receipt.issue",))
    issue_receipt(services, job)
    issue_receipt(services, job)  # a worker killed after the commit, before recording the job: run again
    assert len(documents_of(_get(services, dossier.id), "01")) == 1


def test_email_is_delivered_once_after_the_mail_server_comes_back_when_it_was_down(build, tmp_path):
    port = _free_port()
    services, config = build(f"tinydb://{tmp_path / 'store'}", MOTCUA_SMTP_HOST="127.0.0.1", MOTCUA_SMTP_PORT=port,
                             MOTCUA_SMTP_TIMEOUT=2)
    submit_draft(services, make_draft(services).id, "citizen-lan")
    worker = make_worker(services, config)
    worker.schedules = ()  # only the applicant's message: no deadline reminders to officials here
    worker.run(until_idle=True)
    [waiting] = services.jobs.jobs(kind="notify.send", status="queued")
    assert waiting.attempts == 1 and "SMTP" in waiting.last_error
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        services.jobs._conn().execute("UPDATE jobs SET run_at = 0")  # the backoff has passed
        worker.run(until_idle=True)
        worker.run(until_idle=True)
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in inbox.envelopes] == [["lan@example.vn"]]
    assert {m.status for m in services.outbox.recent()} == {"sent"}


def test_dossier_filed_on_one_node_is_processed_by_the_worker_of_another_when_they_share_postgresql(
        build, postgres_url):
    node_a, _config_a = build(postgres_url)
    node_b, config_b = build(postgres_url)
    dossier = submit_draft(node_a, make_draft(node_a).id, "citizen-lan")
    assert make_worker(node_b, config_b, name="node-b").run(until_idle=True) >= 2  # receipt + messages
    assert len(documents_of(_get(node_a, dossier.id), "01")) == 1
    assert {j.locked_by for j in node_a.jobs.jobs()} == {"node-b"}


def _worker(env, log: Path):
    with log.open("ab") as out:
        return subprocess.Popen([str(Path(sys.executable).parent / "motcua"), "worker", "--poll", "0.2"], cwd=ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait(predicate, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_job_is_retried_once_and_nothing_is_doubled_when_its_worker_is_killed_mid_job(build, postgres_url, tmp_path):
    services, _config = build(postgres_url)
    folder = tmp_path / "effects"
    folder.mkdir()
    services.jobs.enqueue("test.slow", {"folder": str(folder)}, key="slow-1")
    env = {**os.environ, "MOTCUA_STORE": postgres_url, "MOTCUA_INSTANCE": str(tmp_path / "instance"),
           "MOTCUA_JOB_HANDLERS": '{"test.slow": "tests.jobs.slow:make"}', "MOTCUA_JOB_LEASE": "2",
           "PYTHONPATH": str(ROOT)}
    log = tmp_path / "workers.log"
    first = _worker(env, log)
    try:
        assert _wait(lambda: (folder / "started-1").exists()), log.read_text()
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    second = _worker(env, log)
    try:
        assert _wait(lambda: services.jobs.jobs(status="done", kind="test.slow")), log.read_text()
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=60) == 0  # graceful: the current job finished, then it stopped
    [job] = services.jobs.jobs(kind="test.slow")
    assert (job.status, job.attempts) == ("done", 2)
    assert (folder / "effects.log").read_text().split() == [str(job.id)]



def test_worker_threads_run_jobs_at_once_when_started_with_threads(build, postgres_url, tmp_path):
    services, _config = build(postgres_url)
    folder = tmp_path / "meeting"
    folder.mkdir()
    for n in range(2):
        services.jobs.enqueue("test.meeting", {"folder": str(folder)}, key=f"meeting-{n}")
    env = {**os.environ, "MOTCUA_STORE": postgres_url, "MOTCUA_INSTANCE": str(tmp_path / "instance"),
           "MOTCUA_JOB_HANDLERS": '{"test.meeting": "tests.jobs.slow:make_meeting"}', "PYTHONPATH": str(ROOT)}
    done = subprocess.run([str(Path(sys.executable).parent / "motcua"), "worker", "--threads", "2", "--until-idle",
                           "--poll", "0.1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    jobs = services.jobs.jobs(kind="test.meeting")
    assert {j.status for j in jobs} == {"done"}, [j.last_error for j in jobs]  # each waited for the other
    assert len({j.locked_by for j in jobs}) == 2
    assert "2 thread(s)" in done.stdout


def test_job_queued_within_a_unit_of_work_exists_only_when_that_work_commits(build, postgres_url):
    services, _config = build(postgres_url)
    with services.store.unit_of_work() as uow:
        services.jobs.enqueue("receipt.issue", {"dossier_id": "x"}, key="rolled-back", within=uow)
    with services.store.unit_of_work() as uow:
        services.jobs.enqueue("receipt.issue", {"dossier_id": "y"}, key="committed", within=uow)
        uow.commit()
    assert [j.key for j in services.jobs.jobs()] == ["committed"]


def test_filing_is_refused_with_a_message_when_no_office_serves_the_applicants_address(build, tmp_path):
    from runtime.services import SubmissionError

    services, _config = build(f"tinydb://{tmp_path / 'store'}")
    draft = make_draft(services)
    with services.store.unit_of_work() as uow:
        stored = uow.dossiers.get(draft.id)
        stored.applicant.address = {"province_code": "92", "commune_code": "31117", "street": "1 Hòa Bình"}
        stored.data = {**stored.data, "applicant_address": stored.applicant.address}
        uow.dossiers.update(stored)
        uow.commit()
    try:
        submit_draft(services, draft.id, "citizen-lan")
    except SubmissionError as error:
        assert [p.key for p in error.problems] == ["agency.none"]
    else:
        raise AssertionError("filed without an office")
    assert services.jobs.jobs() == []
