"""Project-wide rules: layering and translations."""

from __future__ import annotations

import ast
from pathlib import Path

from builder import i18n

ROOT = Path(__file__).resolve().parents[1]


def test_runtime_never_imports_builder():
    offenders = []
    for path in (ROOT / "runtime").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n == "builder" or n.startswith("builder.")]
    assert offenders == []


def test_every_message_has_a_vietnamese_translation():
    assert i18n.untranslated("vi") == []


def test_compiled_catalogue_means_what_its_source_says(tmp_path):
    from babel.support import Translations

    from runtime.web.i18n import compile_translations

    compiled = Translations.load(str(compile_translations(tmp_path)), ["vi"])
    source = i18n.load("vi")
    checked = 0
    for message in source:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 1) == message.string[0]
        else:
            assert compiled.gettext(message.id) == message.string, message.id
        checked += 1
    assert checked > 100


def test_catalogue_is_compiled_again_when_its_source_changes(tmp_path):
    from babel.support import Translations

    from runtime.web.i18n import compile_translations

    sources = tmp_path / "src"
    po = sources / "vi" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Hello"\nmsgstr "Xin chào"\n', encoding="utf-8")
    target = compile_translations(tmp_path / "out", sources)
    assert Translations.load(str(target), ["vi"]).gettext("Hello") == "Xin chào"
    po.write_text('msgid "Hello"\nmsgstr "Chào bạn"\n', encoding="utf-8")
    compile_translations(target, sources)
    assert Translations.load(str(target), ["vi"]).gettext("Hello") == "Chào bạn"


def test_language_reference_is_generated_from_the_current_meta_schema():
    from builder.reference import render_reference

    assert (ROOT / "docs" / "reference.md").read_text(encoding="utf-8") == render_reference(), "run `motcua docs`"
