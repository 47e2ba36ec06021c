"""Notifications: a real SMTP server receives them; failures are retried and never lost."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller

from runtime.notifications import LogSender, Message, Outbox, SendError, SMTPSender, render_message
from runtime.notifications.render import KINDS
from runtime.paths import themes_dir

TEMPLATES = [themes_dir() / "default" / "templates"]
CONTEXT = {"reference": "000.26.743.H79-260302-0007", "applicant": "Nguyễn Thị Lan", "agency": "UBND Phường Bến Thành",
           "procedure": "Đăng ký khai sinh", "due_at": "17:00 03/03/2026", "tracking_url": "https://x/tra-cuu",
           "comment": "Bổ sung giấy chứng sinh", "amount": "16.000 đồng", "deadline": "17:00 03/03/2026",
           "url": "https://x/officials/dossiers/1"}


class _Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _message(**kw) -> Message:
    subject, body = render_message(TEMPLATES, "receipt", "vi", CONTEXT)
    return Message(id="", channel="email", to="lan@example.vn", subject=subject, body=body, kind="receipt", **kw)


def test_email_reaches_a_real_smtp_server_in_vietnamese(smtp_server, tmp_path):
    controller, inbox = smtp_server
    outbox = Outbox(tmp_path, {"email": SMTPSender("127.0.0.1", controller.port, sender="motcua@example.vn")})
    outbox.enqueue(_message())
    assert outbox.dispatch() == (1, 0)
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["lan@example.vn"]
    content = envelope.content.decode()
    assert "000.26.743.H79-260302-0007" in content
    assert [m.status for m in outbox.messages()] == ["sent"]


def test_unreachable_server_keeps_the_message_queued_for_a_retry(tmp_path):
    clock = [1000.0]
    outbox = Outbox(tmp_path, {"email": SMTPSender("127.0.0.1", _free_port(), sender="m@example.vn", timeout=2)},
                    clock=lambda: clock[0])
    outbox.enqueue(_message())
    assert outbox.dispatch() == (0, 1)
    [message] = outbox.messages()
    assert message.status == "queued" and message.attempts == 1 and "SMTP" in message.last_error
    assert outbox.dispatch() == (0, 0), "not retried before its backoff"
    clock[0] += 3600
    outbox.dispatch()
    assert next(outbox.messages()).attempts == 2


class _Flaky:
    channel = "email"

    def __init__(self, failures: int):
        self.failures, self.sent = failures, []

    def send(self, message):
        if self.failures:
            self.failures -= 1
            raise SendError("temporarily down")
        self.sent.append(message)


def test_message_is_sent_once_the_server_comes_back(tmp_path):
    clock = [0.0]
    flaky = _Flaky(failures=2)
    outbox = Outbox(tmp_path, {"email": flaky}, clock=lambda: clock[0])
    outbox.enqueue(_message())
    for _ in range(5):
        outbox.dispatch()
        clock[0] += 10_000
    assert len(flaky.sent) == 1 and next(outbox.messages()).status == "sent"


def test_message_fails_for_good_after_the_last_attempt(tmp_path):
    clock = [0.0]
    outbox = Outbox(tmp_path, {"email": _Flaky(failures=99)}, clock=lambda: clock[0])
    outbox.enqueue(_message())
    for _ in range(10):
        outbox.dispatch()
        clock[0] += 10_000
    [message] = outbox.messages()
    assert message.status == "failed" and message.attempts == 6


def test_sms_without_a_provider_is_logged_as_sent(tmp_path):
    outbox = Outbox(tmp_path, {"sms": LogSender("sms")})
    outbox.enqueue(Message(id="", channel="sms", to="0912345678", subject="", body="Ho so da tiep nhan",
                           kind="receipt"))
    assert outbox.dispatch() == (1, 0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_notification_has_a_template_in_both_languages(kind, lang):
    subject, body = render_message(TEMPLATES, kind, lang, CONTEXT)
    assert subject and CONTEXT["reference"] in subject + body


def test_template_text_cannot_reach_into_the_application(tmp_path):
    folder = tmp_path / "notifications"
    folder.mkdir()
    (folder / "receipt.vi.txt").write_text("Subject: x\n{{ ''.__class__.__mro__[1].__subclasses__() }}")
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError):
        render_message([tmp_path], "receipt", "vi", CONTEXT)
