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


def test_compiled_catalogue_matches_its_source():
    compiled = i18n.po_path("vi").with_suffix(".mo").read_bytes()
    assert compiled == i18n.compiled_bytes(i18n.load("vi")), "run `motcua i18n compile`"


def test_language_reference_is_generated_from_the_current_meta_schema():
    from builder.reference import render_reference

    assert (ROOT / "docs" / "reference.md").read_text(encoding="utf-8") == render_reference(), "run `motcua docs`"
