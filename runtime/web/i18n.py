"""Languages: Vietnamese first, English second; the choice is kept in the session."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, request, session
from flask_babel import Babel

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def select_locale() -> str:
    languages = current_app.config["MOTCUA_LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    chosen = session.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))

    @app.context_processor
    def _language() -> dict:
        from flask_babel import get_locale

        lang = str(get_locale() or "vi")
        return {"lang": lang, "other_lang": "en" if lang == "vi" else "vi",
                "t": lambda text: text.get(lang) if text is not None else ""}
