"""The browser tests' server closes every response, also when the browser drops it half-way."""

from __future__ import annotations

from tests.forms.live import closing_responses


class _Body:
    def __init__(self) -> None:
        self.closed = False

    def __iter__(self):
        yield b"first part"
        yield b"second part"

    def close(self) -> None:
        self.closed = True


def test_response_is_closed_when_its_sending_stops_half_way():
    body = _Body()
    sending = closing_responses(lambda environ, start_response: body)({}, None)
    assert next(sending) == b"first part"
    del sending  # the server gave up: the client went away
    assert body.closed


def test_response_is_closed_when_it_was_sent_whole():
    body = _Body()
    assert list(closing_responses(lambda environ, start_response: body)({}, None)) == [b"first part",
                                                                                        b"second part"]
    assert body.closed
