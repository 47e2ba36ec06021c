"""Fixtures of the form tests: one application per module over the shipped procedures."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from runtime import create_app
from runtime.forms.drafts import Draft
from runtime.web.apply import OWNER_KEY
from runtime.web.services import drafts


@pytest.fixture(scope="module")
def forms_app(tmp_path_factory) -> Flask:
    instance = tmp_path_factory.mktemp("forms-instance")
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(instance),
                       "MOTCUA_STORE": "memory://"})


def open_draft(app: Flask, client: FlaskClient, code: str, case_id: str, data: dict,
               seen: list[str] | None = None, done: list[str] | None = None) -> str:
    """A draft owned by ``client``'s browser, holding ``data``; returns its id."""
    owner = "session:test-" + code + case_id
    with client.session_transaction() as session:
        session[OWNER_KEY] = owner
    with app.app_context():
        procedure = app.extensions["motcua.catalog"].get(code)
        case = procedure.case(case_id)
        draft = Draft(owner=owner, procedure_code=code, version=procedure.content_hash,
                      case_id=case_id, data=data,
                      seen=[p.id for p in case.form.pages] if seen is None else seen,
                      done=done or [])
        return drafts().create(draft).id


@pytest.fixture
def sample_app(tmp_path) -> Flask:
    """An application whose catalog holds only the test procedure (every kind of field)."""
    from . import fixture

    catalog = fixture.write(tmp_path / "procedures")
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                       "INSTANCE_PATH": str(tmp_path / "instance"),
                       "MOTCUA_PROCEDURES": str(catalog)})


class Browser:
    """A test client that fills and sends pages the way a browser without JavaScript does."""

    def __init__(self, client: FlaskClient):
        self.client = client
        self.url = ""
        self.page = None
        self.response = None

    def get(self, url: str, **kwargs):
        from .html import Page

        self.response = self.client.get(url, **kwargs)
        self.url = url
        if self.response.status_code == 200:
            self.page = Page(self.response.get_data(as_text=True))
        return self.response

    def send(self, fields: dict | None = None, action: str = "continue", follow: bool = True):
        """Send the current page with some inputs changed (lists replace all values of a name)."""
        from werkzeug.datastructures import MultiDict

        from .html import Page

        data = MultiDict(self.page.form_data(action))
        for name, value in (fields or {}).items():
            if isinstance(value, list):
                data.setlist(name, value)
            else:
                data[name] = value
        self.response = self.client.post(self.url, data=data)
        if self.response.status_code == 302 and follow:
            return self.get(self.response.headers["Location"])
        if self.response.status_code == 200:
            self.page = Page(self.response.get_data(as_text=True))
        return self.response

    @property
    def html(self) -> str:
        return self.response.get_data(as_text=True)
