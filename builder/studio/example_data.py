"""Example answers for previewing a draft's result document: derived from its form's fields,
overlaid with the procedure's sample answers (``runtime.documents.samples``) and with the trial
answers the administrator typed in the form preview (kept in the session, bounded)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from flask import session

from runtime.definitions.fields import iter_fields
from runtime.documents.samples import sample_answers

TRIAL_KEY = "studio-trial"
#: the most trial answers kept in the (cookie) session, in bytes of JSON
MAX_TRIAL_BYTES = 1500
_HOME = {"province_code": "79", "commune_code": "26740", "street": "12 Lê Lợi"}
_AUTOFILLED = {"citizen.full_name": "Nguyễn Văn An", "citizen.personal_id": "079190012345",
               "citizen.phone": "0912345678", "citizen.email": "an.nguyen@example.vn"}


def example_value(schema: dict[str, Any], depth: int = 0) -> Any:
    """A plausible value for a field (choices take their first option, addresses a real ward)."""
    autofill = schema.get("x-autofill")
    if isinstance(autofill, dict) and autofill.get("source") in _AUTOFILLED:
        return _AUTOFILLED[autofill["source"]]
    if schema.get("enum"):
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if schema.get("x-widget") == "address":
        return dict(_HOME)
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        low = schema.get("minimum", 1 if schema.get("x-widget") != "money" else 100000)
        return max(low, 100000) if schema.get("x-widget") == "money" else low
    if kind == "array":
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        return [example_value(items, depth + 1)] if depth < 4 else []
    if kind == "object" or "properties" in schema:
        if depth >= 4:
            return {}
        return {name: example_value(sub, depth + 1) for name, sub in (schema.get("properties") or {}).items()
                if isinstance(sub, dict)}
    if schema.get("format") == "date":
        return (dt.date.today() - dt.timedelta(days=30)).isoformat()
    label = schema.get("x-label") if isinstance(schema.get("x-label"), dict) else {}
    return f"[{label.get('vi') or 'Ví dụ'}]"


def form_example(document: dict[str, Any], case: int) -> dict[str, Any]:
    """An example answer for every top-level field of the case's form."""
    data: dict[str, Any] = {}
    try:
        form = document["cases"][case]["form"]
        defs = form.get("$defs") or {}
        for page in form["pages"]:
            for info in iter_fields(page["schema"], defs):
                if info.pointer.count("/") == 1 and info.pointer[1:] not in data:
                    data[info.pointer[1:]] = example_value(info.schema)
    except (KeyError, IndexError, TypeError, AttributeError):
        return data
    return data


def _trial_key(code: str, number: int, case_id: str) -> str:
    return f"{code}@{number}/{case_id}"


def remember_trial(code: str, number: int, case_id: str, answers: dict[str, Any]) -> None:
    """Keep the answers tried in the form preview, for the result's preview (dropped when too big)."""
    key = _trial_key(code, number, case_id)
    kept = dict((session.get(TRIAL_KEY) or {}).get(key) or {})
    kept.update({k: v for k, v in answers.items() if v not in (None, "", [], {})})
    try:
        size = len(orjson.dumps(kept))
    except TypeError:
        return
    if size <= MAX_TRIAL_BYTES:
        session[TRIAL_KEY] = {key: orjson.loads(orjson.dumps(kept))}  # one draft at a time: the cookie stays small


def trial_answers(code: str, number: int, case_id: str) -> dict[str, Any]:
    found = (session.get(TRIAL_KEY) or {}).get(_trial_key(code, number, case_id))
    return dict(found) if isinstance(found, dict) else {}


def preview_answers(document: dict[str, Any], case: int, code: str, number: int, case_id: str) -> dict[str, Any]:
    """What the result's preview is filled with: form example < sample answers < trial answers."""
    return {**form_example(document, case), **sample_answers(code), **trial_answers(code, number, case_id)}
