"""Safe, stable HTML names for JSON property names.

A property may be named anything (``firstName``, ``birth-date``, ``họ tên``,
``$ref``); its input needs a name that is safe in HTML, in a WTForms class and
between the ``-`` separators of nested fields. Names already in ASCII snake_case
keep themselves (so existing pages post exactly what they did); every other name
gets a readable ASCII stem and a short hash of the original, stable forever. The
data always keeps the original property name.
"""

from __future__ import annotations

import functools
import hashlib
import re

from ..text import fold

_SAFE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
#: Attributes of WTForms and Flask-WTF forms a field must not shadow.
RESERVED = frozenset({
    "data", "errors", "meta", "populate_obj", "process", "validate", "csrf_token", "hidden_tag",
    "is_submitted", "validate_on_submit", "form_errors", "extra_validators", "item", "items",
    "keys", "values", "get", "Meta", "recreate_csrf_token",
})


@functools.lru_cache(maxsize=4096)
def html_name(name: str) -> str:
    """The input name of property ``name`` (unique per name, never containing ``-``)."""
    if _SAFE.match(name) and name not in RESERVED and "__" not in name:
        return name
    stem = re.sub(r"[^a-z0-9]+", "_", fold(name).lower()).strip("_")[:24] or "field"
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    return f"f_{stem}_{digest}"
