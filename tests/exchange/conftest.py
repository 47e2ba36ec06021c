"""Two instances (commune and police) serving HTTP; the commune's messages are recorded."""

from __future__ import annotations

import pytest

from runtime.exchange.client import HttpTransport

from .instances import start_pair, stop


class RecordingTransport(HttpTransport):
    """Real HTTP, keeping what was sent (to replay or forge it)."""

    def __init__(self):
        self.sent: list[tuple[str, bytes, dict]] = []

    def post(self, url, body, headers, timeout):
        self.sent.append((url, body, dict(headers)))
        return super().post(url, body, headers, timeout)


@pytest.fixture
def pair(tmp_path):
    commune, police = start_pair(tmp_path)
    commune.services.exchange.transport = RecordingTransport()
    yield commune, police
    stop(commune, police)
