"""Catalogue search puts the procedure whose name is the query first."""

from __future__ import annotations

import datetime as dt

from runtime.definitions import Catalog, load_definitions
from runtime.paths import procedures_dir


def test_exact_name_comes_first_when_other_names_hold_the_same_words():
    catalog = Catalog(load_definitions([procedures_dir()]).procedures)
    found = catalog.search("Dang ky khai sinh", dt.date(2026, 1, 1))
    assert [p.code for p in found][:2] == ["1.001193", "2.000986"]  # by name alone "Liên thông…" sorts first
