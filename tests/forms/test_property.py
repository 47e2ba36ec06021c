"""Property-based: for generated schemas and data valid against them, the form keeps
every value exactly (data → form → post → data) and gives the schema's verdict."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .roundtrip import page_of, post

LETTERS = "abcdeghiklmnopqrstuvxyàáảãạăắằẳẵặâấầđèéêếìíòóôốơớùúưứỳý0123456789 -'"
NAMES = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_- ", min_size=1, max_size=12) \
    .map(str.strip).filter(bool)
TEXT = st.text(LETTERS, max_size=20).map(lambda s: unicodedata.normalize("NFC", s.strip()))


def _leaf() -> st.SearchStrategy[tuple[dict, st.SearchStrategy]]:
    numbers = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False,
                          allow_infinity=False).map(float)
    choices = st.lists(st.sampled_from(["an", "bình", "châu", "dung", "giang"]), min_size=1,
                       max_size=5, unique=True)
    dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
    return st.one_of(
        st.just(({"type": "string"}, TEXT)),
        st.just(({"type": "integer"}, st.integers(-10**12, 10**12))),
        st.just(({"type": "number"}, numbers)),
        st.just(({"type": "boolean"}, st.booleans())),
        st.just(({"type": ["string", "null"]}, st.one_of(st.none(), TEXT))),
        st.just(({"type": "string", "format": "date"}, dates)),
        choices.map(lambda c: ({"type": "string", "enum": c}, st.sampled_from(c))),
        st.just(({"type": "array", "items": {"type": "string"}}, st.lists(TEXT, max_size=3))),
        st.just(({}, st.recursive(st.none() | st.booleans() | st.integers(-99, 99) | TEXT,
                                  lambda inner: st.lists(inner, max_size=2)
                                  | st.dictionaries(TEXT, inner, max_size=2), max_leaves=4))),
    )


def _object(depth: int) -> st.SearchStrategy[tuple[dict, st.SearchStrategy]]:
    field = _leaf() if depth == 0 else st.one_of(_leaf(), _object(depth - 1))

    @st.composite
    def build(draw):
        parts = draw(st.dictionaries(NAMES, field, min_size=1, max_size=5))
        schema = {"type": "object", "properties": {n: s for n, (s, _v) in parts.items()}}
        values = st.fixed_dictionaries({}, optional={n: v for n, (_s, v) in parts.items()})
        return schema, values

    return build()


@st.composite
def schema_and_data(draw):
    schema, values = draw(_object(2))
    return schema, draw(values)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema_and_data())
def test_valid_data_survives_the_form_exactly_when_schema_and_data_are_generated(forms_app, case):
    schema, data = case
    page = page_of(schema)
    assert page.validator.is_valid(data)
    with forms_app.test_request_context("/", method="POST"):
        verdict = post(page, data)
    assert verdict.data == data
    assert verdict.valid
