"""Languages: Vietnamese first, English second; the choice is kept in the session.

The message catalogues are kept as ``.po`` sources only; they are compiled at
start-up into the instance folder (again only when a source changed), so the
compiled form always means what its source says, whatever Babel version is
installed.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request, session
from flask_babel import Babel
from jinja2 import pass_context
from markupsafe import Markup

from ..storage.fsutil import atomic_write

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def compile_translations(target: Path, sources: Path = TRANSLATIONS) -> Path:
    """Compile every ``<lang>/LC_MESSAGES/messages.po`` under ``sources`` into ``target``.

    A catalogue is recompiled only when its source's digest differs from the one
    recorded beside the compiled file. Returns ``target`` (a translations directory).
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(sources.glob("*/LC_MESSAGES/*.po")):
        source = po.read_bytes()
        digest = hashlib.sha256(source).hexdigest()
        mo = target / po.relative_to(sources).with_suffix(".mo")
        stamp = mo.with_suffix(".sha256")
        if mo.exists() and stamp.exists() and stamp.read_text() == digest:
            continue
        catalog = read_po(io.BytesIO(source), locale=po.parts[-3])
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        mo.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(mo, compiled.getvalue(), durable=False)
        atomic_write(stamp, digest.encode(), durable=False)
    return target


def select_locale() -> str:
    languages = current_app.config["MOTCUA_LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    chosen = session.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    compiled = compile_translations(Path(app.instance_path) / "translations")
    Babel(app, locale_selector=select_locale, default_translation_directories=str(compiled))

    @app.context_processor
    def _language() -> dict:
        from flask_babel import get_locale, get_translations

        lang = str(get_locale() or "vi")
        return {"lang": lang, "other_lang": "en" if lang == "vi" else "vi", "lang_url": language_url,
                "t": lambda text: text.get(lang) if text is not None else "",
                **template_gettext(get_translations())}


def template_gettext(translations: Any) -> dict[str, Any]:
    """``_``, ``gettext`` and ``ngettext`` for one template render, bound to the render's translations.

    They behave as Jinja's "newstyle" callables that Flask-Babel installs (autoescaped, always
    ``%``-formatted with their keyword arguments, ``num`` given to ``ngettext``), but the
    translations are looked up once per render instead of on every call (a page has dozens):
    the render's context processors run inside any :func:`flask_babel.force_locale`, so the
    locale is the one the page is rendered in. Templates imported without context use the
    installed callables.
    """
    ugettext, ungettext = translations.ugettext, translations.ungettext

    @pass_context
    def gettext(context: Any, string: str, **variables: Any) -> str:
        text = ugettext(string)
        # a message is trusted markup, as in Jinja's own callables; ``%`` escapes the variables
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables  # noqa: S704

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = ungettext(singular, plural, num)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables  # noqa: S704

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def language_url(code: str) -> str:
    """This page in another language: the same path and query (filters kept), ``lang`` replaced."""
    from urllib.parse import urlencode

    args = [(k, v) for k, values in request.args.lists() if k != "lang" for v in values]
    return request.path + "?" + urlencode([*args, ("lang", code)])
