"""Keep the translation catalogues in step with the code: extract and update.

Only the ``.po`` sources are kept; the app compiles them at start-up
(:func:`runtime.web.i18n.compile_translations`).

Message ids are English; Vietnamese is the default language, so the ``vi``
catalogue must translate every message (a test enforces it).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from runtime.paths import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "runtime" / "translations"
LANGUAGES = ("vi",)
_METHODS = [("runtime/**.py", "python"), ("builder/**.py", "python"), ("themes/**/templates/**.html", "jinja2")]
_KEYWORDS = {"_": None, "_l": None, "N_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}


def extract() -> Catalog:
    """Every message the code and templates use."""
    catalog = Catalog(project="motcua")
    for filename, _lineno, message, comments, context in extract_from_dir(
            str(PROJECT_ROOT), method_map=_METHODS, keywords=_KEYWORDS,
            options_map={"themes/**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}):
        if filename.startswith((".venv", "node_modules")):
            continue
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def load(language: str) -> Catalog:
    with po_path(language).open("rb") as fh:
        return read_po(fh, locale=language)


def update(language: str) -> Catalog:
    """Merge newly extracted messages into a language's catalogue (keeping translations)."""
    template = extract()
    catalog = load(language) if po_path(language).exists() else Catalog(locale=language)
    created = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    # Keep the header as it was: a new date on every update only makes parallel branches conflict.
    catalog.creation_date = created
    save(catalog, language)
    return catalog


def save(catalog: Catalog, language: str) -> None:
    po_path(language).parent.mkdir(parents=True, exist_ok=True)
    with po_path(language).open("wb") as fh:
        write_po(fh, catalog, omit_header=False, no_location=True, sort_output=True, width=100)


def untranslated(language: str) -> list[str]:
    """Messages the code uses that the language's catalogue lacks or leaves empty."""
    catalog = load(language)
    missing = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        if found is None or not found.string or (isinstance(found.string, tuple) and not all(found.string)):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing
