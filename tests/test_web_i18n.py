"""Templates translate with the render's language: ``_``, ``gettext`` and ``ngettext`` bound once per render."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

SOURCE = ('{{ _("Dossiers waiting for you") }}|{{ gettext("overall %(overall)s · step %(step)s", overall=x, step=2) }}'
          '|{{ ngettext("%(num)d dossier", "%(num)d dossiers", 3) }}|{{ _("Dossiers waiting for you", extra=1) }}')


def render(app, query: str = "") -> str:
    with app.test_request_context("/" + query):
        return render_template_string(SOURCE, x="<b>1</b>")


def test_template_messages_are_vietnamese_and_escape_their_values_when_rendered_by_default(app):
    assert render(app) == ("Hồ sơ chờ bạn xử lý|hồ sơ &lt;b&gt;1&lt;/b&gt; · bước 2|3 hồ sơ|Hồ sơ chờ bạn xử lý")


def test_template_messages_are_english_when_the_page_is_asked_in_english(app):
    assert render(app, "?lang=en") == ("Dossiers waiting for you|overall &lt;b&gt;1&lt;/b&gt; · step 2|3 dossiers"
                                       "|Dossiers waiting for you")


def test_template_messages_follow_a_forced_locale_when_rendered_inside_it(app):
    with app.test_request_context("/"):
        assert render_template_string('{{ _("Dossiers waiting for you") }}') == "Hồ sơ chờ bạn xử lý"
        with force_locale("en"):
            assert render_template_string('{{ _("Dossiers waiting for you") }}') == "Dossiers waiting for you"
        assert render_template_string('{{ _("Dossiers waiting for you") }}') == "Hồ sơ chờ bạn xử lý"


def test_template_messages_match_flask_babels_callables_when_a_template_is_imported_without_context(app):
    with app.test_request_context("/?lang=en"):
        bound = render_template_string(SOURCE, x="<b>1</b>")
        app.jinja_env.globals["x"] = "<b>1</b>"
        try:
            installed = app.jinja_env.from_string(SOURCE).render()  # globals only: Flask-Babel's own callables
        finally:
            del app.jinja_env.globals["x"]
    assert bound == installed
