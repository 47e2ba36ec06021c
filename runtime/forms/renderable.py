"""Refuse what the form compiler cannot render faithfully, instead of dropping it silently.

Run by ``motcua check`` (hooked at the end of
:func:`runtime.definitions.checks.check_semantics`) on a document that satisfies
the meta-schema. Each problem points into the document and says how to fix it.
"""

from __future__ import annotations

from typing import Any

from ..definitions.problems import DefinitionProblem, Severity
from .compiler import MAX_DEPTH
from .fields.repeat import MAX_ITEMS
from .schema import Refs, as_schema, main_type, upgrade
from .shape import discriminator, resolve, widget_of

_OWN_CHECKS = {"phone", "citizen-id", "tax-code"}


class _Walker:
    def __init__(self, file: str, defs: dict[str, Any]):
        self.file = file
        self.defs = defs
        self.problems: list[DefinitionProblem] = []
        self.refs: list[str] = []

    def add(self, at: str, message: str, hint: str, code: str,
            severity: Severity = Severity.ERROR) -> None:
        self.problems.append(DefinitionProblem(self.file, at, message, hint, f"form.{code}", severity))

    # -- objects --------------------------------------------------------------------------
    def obj(self, schema: dict[str, Any], at: str, depth: int,
            inherited: frozenset[str] = frozenset()) -> None:
        """Check a group of fields; ``inherited``: fields of the enclosing group (a branch
        may constrain them without repeating how they are shown)."""
        if depth > MAX_DEPTH:
            self.add(at, f"groups are nested more than {MAX_DEPTH} deep", "flatten the eForm",
                     "depth")
            return
        schema = resolve(schema, self.defs)
        base = set(schema.get("properties") or {})
        for name, sub in (schema.get("properties") or {}).items():
            if name not in inherited and sub is not True:
                self.field(as_schema(sub), f"{at}/properties/{name}", depth,
                           required=name in (schema.get("required") or ()))
        self.branches(schema, at, frozenset(base | inherited), depth)
        if schema.get("additionalProperties") is False:
            extra = sorted(self.branch_fields(schema) - base)
            if extra:
                self.add(f"{at}/additionalProperties", "fields defined only in a condition or an "
                         f"alternative are refused by additionalProperties: false: {', '.join(extra)}",
                         "declare them in 'properties' too, or drop additionalProperties", "closed")

    def branch_fields(self, schema: dict[str, Any]) -> set[str]:
        found: set[str] = set()
        subs = [schema.get(k) for k in ("then", "else")]
        subs += list(schema.get("allOf") or ()) + list(schema.get("oneOf") or ())
        subs += list(schema.get("anyOf") or ()) + list((schema.get("dependentSchemas") or {}).values())
        for sub in subs:
            if isinstance(sub, dict | bool):
                sub = resolve(sub, self.defs)
                found |= set(sub.get("properties") or {}) | self.branch_fields(sub)
        return found

    def branches(self, schema: dict[str, Any], at: str, base: frozenset[str], depth: int) -> None:
        for key in ("then", "else"):
            if isinstance(schema.get(key), dict | bool):
                self.obj(schema[key], f"{at}/{key}", depth + 1, base)
        for i, sub in enumerate(schema.get("allOf") or ()):
            self.obj(sub, f"{at}/allOf/{i}", depth + 1, base)
        for name, sub in (schema.get("dependentSchemas") or {}).items():
            self.obj(sub, f"{at}/dependentSchemas/{name}", depth + 1, base)
        for key in ("oneOf", "anyOf"):
            self.alternatives(schema, key, at, base, depth)

    def alternatives(self, schema: dict[str, Any], key: str, at: str, base: frozenset[str],
                     depth: int) -> None:
        seen: dict[str, Any] = {}
        branches = list(schema.get(key) or ())
        if not any(discriminator(b, self.defs) is not None for b in branches):
            for i, branch in enumerate(branches):  # the applicant chooses; nothing to select it
                self.obj(as_schema(branch), f"{at}/{key}/{i}", depth + 1, base)
            return
        for i, branch in enumerate(branches):
            b_at = f"{at}/{key}/{i}"
            found = discriminator(branch, self.defs)
            own = set(resolve(branch, self.defs).get("properties") or {}) - base
            if found is None and (key == "oneOf" or own):
                self.add(b_at, f"the citizen cannot tell which alternative of '{key}' applies: the "
                         "branch is not selected by a choice field", "give every branch a field of "
                         "the group with 'const' (or 'enum') naming its choice, e.g. "
                         "{\"properties\": {\"kind\": {\"const\": \"company\"}}}", "alternative")
                continue
            if found is None:
                continue
            name, values = found
            if name not in base:
                self.add(f"{b_at}/properties/{name}", f"the choice field '{name}' that selects this "
                         "alternative is not a field of the group, so it cannot be answered",
                         f"add '{name}' with an enum of the choices to the group's properties",
                         "alternative_field")
            for value in values:
                if repr(value) in seen:
                    self.add(b_at, f"two alternatives are selected by the same choice {value!r}",
                             "give each branch its own value", "alternative_overlap")
                seen[repr(value)] = i
            self.obj(branch, b_at, depth + 1, base)

    # -- fields ---------------------------------------------------------------------------
    def field(self, schema: dict[str, Any], at: str, depth: int, required: bool = False) -> None:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref in self.refs:
                return  # a recursive structure: its nested levels are typed as JSON
            self.refs.append(ref)
            try:
                self._field(schema, at, depth, required)
            finally:
                self.refs.pop()
            return
        self._field(schema, at, depth, required)

    def _field(self, schema: dict[str, Any], at: str, depth: int, required: bool = False) -> None:
        schema = resolve(schema, self.defs)
        kind = main_type(schema)
        widget = widget_of(schema)
        if widget in ("json", "const"):
            return  # typed as JSON / shown fixed: the validator decides
        if kind == "object" or widget in ("fieldset", "address"):
            if widget == "address":
                self.address(schema, at)
            self.obj(schema, at, depth + 1)
            return
        if kind == "array":
            self.array(schema, at, depth, widget)
            return
        self.leaf(schema, at, widget, kind, required)

    def leaf(self, schema: dict[str, Any], at: str, widget: str, kind: Any, required: bool) -> None:
        fmt = schema.get("format")
        if fmt == "date" and widget != "date":
            self.add(f"{at}/x-widget", f"a date cannot be typed in a '{widget}' input",
                     "remove x-widget (or use \"date\")", "widget_format")
        if widget == "date" and fmt != "date":
            self.add(at, "the date widget stores an ISO date: the field needs \"format\": \"date\"",
                     "add \"format\": \"date\"", "widget_format")
        if fmt == "email" and widget not in ("email", "text"):
            self.add(f"{at}/x-widget", f"an e-mail address cannot be typed in a '{widget}' input",
                     "remove x-widget (or use \"email\")", "widget_format")
        if "enum" in schema and widget not in ("radio", "select"):
            self.add(f"{at}/x-widget", f"a list of choices cannot be shown as '{widget}'",
                     "use \"radio\" or \"select\" (or remove x-widget)", "widget_choices")
        if widget in ("radio", "select") and "enum" not in schema and kind != "boolean":
            self.add(f"{at}/x-widget", f"'{widget}' needs a list of choices", "add an 'enum'",
                     "widget_choices")
        if schema.get("x-widget") == "checkbox" and required and not (
                schema.get("const") is True or schema.get("enum") == [True]):
            self.add(at, "a required yes/no field shown as one checkbox can never be answered 'no'",
                     "use \"x-widget\": \"radio\" for a yes/no question, or \"const\": true for a "
                     "box the citizen must tick", "checkbox_required")
        if widget == "money":
            if kind != "integer":
                self.add(at, "amounts in dong are whole numbers", "use \"type\": \"integer\"", "money")
            if "minimum" not in schema or schema["minimum"] < 0:
                self.add(at, "an amount cannot be typed below zero", "add \"minimum\": 0", "money")
        if widget in _OWN_CHECKS and "pattern" not in schema:
            self.add(at, f"the '{widget}' field checks nothing by itself without a pattern",
                     "add the pattern it must match, e.g. \"^[0-9]{12}$\" for a personal ID number",
                     "pattern_missing", Severity.WARNING)

    def array(self, schema: dict[str, Any], at: str, depth: int, widget: str) -> None:
        items = schema.get("items")
        if widget == "json" or not isinstance(items, dict):
            return  # typed as JSON
        resolved = resolve(items, self.defs)
        if widget == "checkboxes":
            if schema.get("uniqueItems") is not True:
                self.add(at, "checkboxes give each choice at most once", "add \"uniqueItems\": true",
                         "checkboxes_unique")
            return
        if main_type(resolved) == "array":
            return  # a list of lists is typed as JSON
        if schema.get("maxItems", MAX_ITEMS) > MAX_ITEMS:
            self.add(f"{at}/maxItems", f"the form shows at most {MAX_ITEMS} items",
                     f"set maxItems to {MAX_ITEMS} or fewer", "max_items", Severity.WARNING)
        self.field(items, f"{at}/items", depth + 1, required=True)

    def address(self, schema: dict[str, Any], at: str) -> None:
        props = schema.get("properties") or {}
        for name in ("province_code", "commune_code"):
            sub = resolve(props.get(name) or {}, self.defs)
            if (name in props or name == "province_code") and sub.get("type") != "string":
                self.add(f"{at}/properties", f"the address picker needs a string field '{name}'",
                         "see $defs.address in procedures/1.001193 for the expected shape",
                         "address")


def check_renderable(document: dict[str, Any], file: str) -> list[DefinitionProblem]:
    """Problems of every eForm page that the form compiler cannot render faithfully."""
    problems: list[DefinitionProblem] = []
    for i, case in enumerate(document.get("cases") or ()):
        form = case.get("form") or {}
        defs = upgrade(form.get("$defs") or {})
        for j, page in enumerate(form.get("pages") or ()):
            schema = upgrade(page.get("schema") or {})
            walker = _Walker(file, Refs.of(schema, defs))  # type: ignore[arg-type]
            walker.obj(schema, f"/cases/{i}/form/pages/{j}/schema", 0)
            problems.extend(walker.problems)
    return problems
