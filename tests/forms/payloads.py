"""Seeded random eForm data in the form's domain (what a citizen can type), valid or broken.

The form's domain: strings are NFC, stripped and non-empty; an empty group, list or
unticked checkbox is absent; checkboxes hold each choice once, in the choices' order.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from re import _constants as C
from re import _parser
from typing import Any

from stdnum.vn import mst

from runtime.forms import admin_units
from runtime.forms.convert import visible_names
from runtime.forms.spec import MISSING, FieldSpec

LETTERS = "abcdeghiklmnopqrstuvxyàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"


def sample_regex(pattern: str, rng: random.Random) -> str:
    """A string matching a (simple) regular expression."""
    return "".join(_emit(_parser.parse(pattern), rng))


def _emit(tokens: Any, rng: random.Random) -> list[str]:
    out: list[str] = []
    for op, arg in tokens:
        if op is C.LITERAL:
            out.append(chr(arg))
        elif op is C.IN:
            choices: list[str] = []
            for kind, value in arg:
                if kind is C.LITERAL:
                    choices.append(chr(value))
                elif kind is C.RANGE:
                    choices.extend(chr(x) for x in range(value[0], value[1] + 1))
                elif kind is C.CATEGORY:
                    choices.extend("0123456789")
            out.append(rng.choice(choices))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, sub = arg
            for _ in range(rng.randint(low, min(high, low + 3))):
                out.extend(_emit(sub, rng))
        elif op is C.SUBPATTERN:
            out.extend(_emit(arg[-1], rng))
        elif op is C.BRANCH:
            out.extend(_emit(rng.choice(arg[1]), rng))
        elif op is C.ANY:
            out.append("x")
    return out


def _text(spec: FieldSpec, rng: random.Random) -> str:
    schema = spec.schema
    if "pattern" in schema:
        return sample_regex(schema["pattern"], rng)
    if schema.get("format") == "email":
        return f"{''.join(rng.choices('abcxyz', k=6))}@example.com"
    low = max(1, schema.get("minLength", 1))
    high = max(low, min(schema.get("maxLength", 40), low + 30))
    n = rng.randint(low, high)
    chars = [rng.choice(LETTERS + "  ") for _ in range(n)]
    text = unicodedata.normalize("NFC", "".join(chars)).strip()
    text = re.sub(r"\s+", " ", text)
    while len(text) < low:
        text += rng.choice(LETTERS)
    return text[:high]


def _number(spec: FieldSpec, rng: random.Random) -> Any:
    s = spec.schema
    low = s.get("minimum", s.get("exclusiveMinimum", -1) + 1 if "exclusiveMinimum" in s else 0)
    high = s.get("maximum", s.get("exclusiveMaximum", low + 1000) - 1 if "exclusiveMaximum" in s else low + 1000)
    step = s.get("multipleOf", 1)
    low_i, high_i = int(-(-low // step)), int(high // step)
    value = rng.randint(low_i, max(low_i, high_i)) * step
    if spec.json_type == "number" and step == 1 and rng.random() < 0.3 and value + 0.5 <= high:
        return value + 0.5
    return int(value) if float(value).is_integer() else value


def _tax_code(spec: FieldSpec, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return "".join(rng.choices("0123456789", k=12))
    base = "".join(rng.choices("0123456789", k=9))
    code = base + mst.calc_check_digit(base)
    return code if rng.random() < 0.7 else f"{code}-{rng.randint(1, 999):03d}"


def leaf(spec: FieldSpec, rng: random.Random, context: dict[str, Any]) -> Any:
    """A valid-looking value for one leaf field."""
    kind = spec.kind
    if kind in ("radio", "select"):
        return rng.choice(spec.choices).value
    if kind == "checkbox":
        return True
    if kind == "checkboxes":
        picked = [c.value for c in spec.choices if rng.random() < 0.5] or [spec.choices[0].value]
        return picked[: spec.schema.get("maxItems", len(picked))]
    if kind == "date":
        return (dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 28000))).isoformat()
    if kind in ("number", "money"):
        return _number(spec, rng)
    if kind == "tax-code":
        return _tax_code(spec, rng)
    if kind == "province":
        code = rng.choice(admin_units.provinces())[0]
        context["province"] = code
        return code
    if kind == "commune":
        return rng.choice(admin_units.communes(context.get("province", "01")))[0]
    return _text(spec, rng)


def obj(specs: tuple[FieldSpec, ...], rng: random.Random, fill: float = 0.85) -> dict[str, Any]:
    """Data for an object: required fields always, others often; conditional ones when shown."""
    data: dict[str, Any] = {}
    context: dict[str, Any] = {}
    done: set[str] = set()
    for _round in range(4):
        shown = visible_names(specs, data)
        for spec in specs:
            if spec.name in done or spec.name not in shown:
                continue
            done.add(spec.name)
            if spec.optional and rng.random() > fill:
                continue
            value = field(spec, rng, context, fill)
            if value is not MISSING:
                data[spec.name] = value
    shown = visible_names(specs, data)
    return {k: v for k, v in data.items() if k in shown}


def field(spec: FieldSpec, rng: random.Random, context: dict[str, Any], fill: float) -> Any:
    if spec.is_group:
        value = obj(spec.children, rng, fill)
        return value if value else MISSING
    if spec.is_list and spec.item is not None:
        low = max(1, spec.schema.get("minItems", 1))
        count = rng.randint(low, max(low, min(spec.max_items, 3)))
        if spec.item.is_group:
            return [obj(spec.item.children, rng, fill) for _ in range(count)]
        return [leaf(spec.item, rng, {}) for _ in range(count)]
    return leaf(spec, rng, context)


def _leaves(specs: tuple[FieldSpec, ...], data: dict[str, Any], path: tuple = ()) -> list:
    found = []
    for spec in specs:
        if spec.name not in data:
            continue
        here = (*path, spec.name)
        if spec.is_group and isinstance(data[spec.name], dict):
            found += _leaves(spec.children, data[spec.name], here)
        elif spec.is_list and spec.item is not None and spec.item.is_group:
            for i, item in enumerate(data[spec.name]):
                found += _leaves(spec.item.children, item, (*here, i))
        else:
            found.append((here, spec))
    return found


def _set(data: dict[str, Any], path: tuple, value: Any) -> None:
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    if value is MISSING:
        del target[path[-1]]
    else:
        target[path[-1]] = value


def broken(spec_value: tuple[tuple, FieldSpec], rng: random.Random) -> Any:
    """A value for a field that its schema (or the widget) refuses, if one can be typed."""
    _path, spec = spec_value
    s = spec.schema
    options: list[Any] = [MISSING]
    if spec.kind in ("radio", "select", "province", "commune", "checkbox", "checkboxes"):
        return MISSING  # a choice shows only its own values
    if "maxLength" in s:
        options.append("x" * (s["maxLength"] + 1))
    if "minLength" in s and s["minLength"] > 1:
        options.append("x" * (s["minLength"] - 1))
    if "pattern" in s or spec.kind in ("tax-code", "date", "email"):
        options.append("ab!")
    if spec.kind in ("number", "money"):
        options.append("mười")
        if "maximum" in s:
            options.append(int(s["maximum"]) + 1)
        if "minimum" in s:
            options.append(int(s["minimum"]) - 1)
    if spec.kind == "date":
        options.append("2021-02-31")
    return rng.choice(options)


def mutate(specs: tuple[FieldSpec, ...], data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """``data`` with one field given a value that may be refused (or removed)."""
    import copy

    out = copy.deepcopy(data)
    leaves = _leaves(specs, out)
    if not leaves:
        return out
    target = rng.choice(leaves)
    _set(out, target[0], broken(target, rng))
    return out


def satisfy(condition: Any) -> dict[str, Any]:
    """Data for which a simple page condition holds (const/enum/contains/anyOf/allOf)."""
    if not isinstance(condition, dict):
        return {}
    if "anyOf" in condition:
        return satisfy(condition["anyOf"][0])
    data: dict[str, Any] = {}
    for sub in condition.get("allOf", ()):
        data.update(satisfy(sub))
    for name, sub in (condition.get("properties") or {}).items():
        if "const" in sub:
            data[name] = sub["const"]
        elif "enum" in sub:
            data[name] = sub["enum"][0]
        elif "contains" in sub:
            inner = sub["contains"]
            data[name] = [inner.get("const", (inner.get("enum") or [None])[0])]
        elif "minimum" in sub or "exclusiveMinimum" in sub:
            data[name] = sub.get("minimum", sub.get("exclusiveMinimum", 0) + 1)
        elif "pattern" in sub:
            data[name] = sample_regex(sub["pattern"], random.Random(0))
        elif sub.get("type") == "boolean":
            data[name] = True
    return data
