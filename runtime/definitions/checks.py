"""Checks a meta-schema cannot express, run on a document that satisfies it.

Each check yields problems with a JSON pointer into the document, a message
and a hint; none raises on a well-formed document.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter, deque
from collections.abc import Iterator
from typing import Any

import jsonschema_rs

from ..forms.schema import is_old_draft, main_type, upgrade
from ..identity.attributes import AUTOFILL_SOURCES
from .dates import validator
from .fields import FieldInfo, condition_references, iter_fields, passes_when_absent
from .problems import DefinitionProblem, Severity
from .problems import pointer as ptr

END_STATUSES = {3, 7, 8, 9, 10}
_WIDGET_TYPES = {
    "text": {"string"}, "textarea": {"string"}, "email": {"string"}, "phone": {"string"},
    "citizen-id": {"string"}, "tax-code": {"string"}, "date": {"string"},
    "number": {"number", "integer"}, "money": {"integer", "number"},
    "select": {"string", "integer", "number"}, "radio": {"string", "integer", "number", "boolean"},
    "checkbox": {"boolean"}, "checkboxes": {"array"}, "address": {"object"},
    "fieldset": {"object"}, "repeat": {"array"},
}


def _close(word: str, choices: list[str]) -> str:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f"did you mean '{found[0]}'?" if found else ""


class _Checker:
    def __init__(self, document: dict[str, Any], file: str):
        self.doc = document
        self.file = file
        self.problems: list[DefinitionProblem] = []

    def add(self, at: str, message: str, hint: str = "", code: str = "invalid",
            severity: Severity = Severity.ERROR) -> None:
        self.problems.append(DefinitionProblem(self.file, at, message, hint, code, severity))

    def unique(self, items: list[dict[str, Any]], at: str, what: str, key: str = "id") -> None:
        counts = Counter(item.get(key) for item in items)
        for i, item in enumerate(items):
            if counts[item.get(key)] > 1:
                self.add(f"{at}/{i}/{key}", f"the {what} id '{item.get(key)}' is used more than once",
                         f"give each {what} its own id", code="id.duplicate")

    # -- the document ---------------------------------------------------------------------
    def run(self) -> list[DefinitionProblem]:
        doc = self.doc
        start, end = doc["effective_from"], doc.get("effective_to")
        if end is not None and end < start:
            self.add("/effective_to", f"the definition stops being effective ({end}) before it "
                     f"starts ({start})", "effective_to must be on or after effective_from",
                     code="dates.order")
        for value, at in ((start, "/effective_from"), (end, "/effective_to")):
            if value is not None:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    self.add(at, f"{value} is not a real date", code="dates.real")
        self.unique(doc["cases"], "/cases", "case")
        self.check_processing(doc["processing"], "/processing", fields=None)
        for i, case in enumerate(doc["cases"]):
            self.check_case(case, f"/cases/{i}")
        return self.problems

    # -- a case ---------------------------------------------------------------------------
    def check_case(self, case: dict[str, Any], at: str) -> None:
        fields = self.check_form(case["form"], f"{at}/form")
        if "when" in case:
            self.check_condition(case["when"], f"{at}/when", fields)
        components = case["components"]
        self.unique(components, f"{at}/components", "component")
        for j, comp in enumerate(components):
            c_at = f"{at}/components/{j}"
            if comp.get("required") is True and "when" in comp:
                self.add(f"{c_at}/when", "the component is both always required and required on a "
                         "condition", "remove 'required' or 'when'", code="component.ambiguous")
            if "when" in comp:
                self.check_condition(comp["when"], f"{c_at}/when", fields)
            sig = comp.get("signature")
            if sig and sig["policy"] == "required" and "signer" not in sig:
                self.add(f"{c_at}/signature", "a required signature does not say who must sign",
                         "add 'signer': applicant, trusted or organisation", code="signature.signer")
            if sig and sig["policy"] == "required" and "application/pdf" not in comp.get(
                    "media_types", ["application/pdf"]):
                self.add(f"{c_at}/signature", "only PDF files can carry a verified signature",
                         "accept application/pdf for this component", code="signature.media_type")
        self.check_fees(case["fees"], f"{at}/fees", fields, {c["id"] for c in components})
        if "processing" in case:
            self.check_processing(case["processing"], f"{at}/processing", fields)
        processing = case.get("processing", self.doc["processing"])
        self.check_agency_fields(processing, f"{at}/processing" if "processing" in case
                                 else "/processing", fields)
        self.check_time_limit(case, processing, at)
        processing_at = f"{at}/processing" if "processing" in case else "/processing"
        if "result" in case:
            self.check_template(case["result"].get("template"), f"{at}/result/template", fields)
        elif "result" in processing:
            self.check_template(processing["result"].get("template"), f"{processing_at}/result/template", fields)
        for kind, template in processing.get("slips", {}).items():
            self.check_template(template, f"{processing_at}/slips/{kind}", fields)

    def check_template(self, template: Any, at: str, fields: dict[str, FieldInfo]) -> None:
        """A document template (a result's or a slip's): its texts, names and conditions."""
        if not isinstance(template, dict):
            return
        from ..documents.checks import check_document_template  # here: documents imports definitions

        top_level = {p[1:] for p in fields if p.count("/") == 1}
        seen = {(p.pointer, p.message) for p in self.problems}
        for problem in check_document_template(template, at, top_level, self.file):
            if (problem.pointer, problem.message) not in seen:
                self.problems.append(problem)
        for i, block in enumerate(template.get("blocks", ())):
            if "when" in block:
                self.check_condition(block["when"], f"{at}/blocks/{i}/when", fields)
            for r, row in enumerate(block.get("rows", ())):
                for c, cell in enumerate(row):
                    if "when" in cell:
                        self.check_condition(cell["when"], f"{at}/blocks/{i}/rows/{r}/{c}/when", fields)

    def check_time_limit(self, case: dict[str, Any], processing: dict[str, Any], at: str) -> None:
        limit = case["time_limit"]
        if limit["unit"] == "calendar-days":
            return
        limit_hours = limit["amount"] * (8 if limit["unit"] == "working-days" else 1)
        total = 0.0
        for step in _main_path(processing):
            d = step.get("duration")
            if d and d["unit"] != "calendar-days":
                total += d["amount"] * (8 if d["unit"] == "working-days" else 1)
        if total > limit_hours + 1e-9:
            self.add(f"{at}/time_limit", f"the steps on the main path take {total:g} working hours, "
                     f"more than the case's time limit of {limit_hours:g}",
                     "shorten the steps' durations or correct the time limit",
                     code="time_limit.exceeded", severity=Severity.WARNING)

    # -- the eForm ------------------------------------------------------------------------
    def check_form(self, form: dict[str, Any], at: str) -> dict[str, FieldInfo]:
        defs = form.get("$defs", {})
        pages = form["pages"]
        self.unique(pages, f"{at}/pages", "page")
        fields: dict[str, FieldInfo] = {}
        owner: dict[str, int] = {}
        for i, page in enumerate(pages):
            p_at = f"{at}/pages/{i}/schema"
            for name in page["schema"].get("properties", {}):
                if name in owner and owner[name] != i:
                    self.add(f"{p_at}/properties/{name}", f"the field '{name}' is already on page "
                             f"'{pages[owner[name]]['id']}'", "field names are unique across pages",
                             code="field.duplicate")
                owner.setdefault(name, i)
            schema = upgrade(page["schema"])  # draft-07 read as 2020-12
            page_defs = {**upgrade(defs, old=is_old_draft(page["schema"])),
                         **(schema.get("$defs") or {})}
            for info in iter_fields(schema, page_defs, "", p_at):
                fields.setdefault(info.pointer, info)
            self.check_schema(schema, p_at, page_defs, page_root=True)
            self.check_compiles(page["schema"], defs, p_at)
        for name, sub in defs.items():
            self.check_schema(upgrade(sub), f"{at}/$defs/{name}", defs, page_root=True)
        for i, page in enumerate(pages):
            if "when" in page:
                self.check_condition(page["when"], f"{at}/pages/{i}/when", fields)
        return fields

    def check_compiles(self, schema: dict[str, Any], defs: dict[str, Any], at: str) -> None:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
                    "$defs": {**(schema.get("$defs") or {}), **defs}}
        try:
            validator(upgrade(document))
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as exc:
            self.add(at, f"the page's schema cannot be compiled: {str(exc).splitlines()[0]}",
                     "check regular expressions and references on this page", code="schema.compile")

    def check_schema(self, schema: dict[str, Any], at: str, defs: dict[str, Any],
                     page_root: bool = False, outer: frozenset[str] = frozenset()) -> None:
        """Check one field schema and everything under it."""
        if not isinstance(schema, dict):
            return  # true / false: accepts anything / nothing
        ref = schema.get("$ref")
        if ref is not None and ref.startswith("#/$defs/") and "/" not in ref[8:] \
                and ref.removeprefix("#/$defs/") not in defs:
            self.add(f"{at}/$ref", f"the reference '{ref}' points to no definition",
                     _close(ref.removeprefix("#/$defs/"), list(defs)) or "add it to the form's $defs",
                     code="ref.unresolved")
        props = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in props and name not in outer and ref is None \
                    and not _mentioned_elsewhere(schema, name):
                self.add(f"{at}/required", f"'{name}' is required but is not a field here",
                         _close(name, list(props)), code="field.required_unknown")
        named = bool(props) or bool(outer)  # an object without named fields is typed as JSON
        for name, names in schema.get("dependentRequired", {}).items():
            for other in [name, *names]:
                if named and other not in props and other not in outer:
                    self.add(f"{at}/dependentRequired", f"'{other}' is not a field here",
                             _close(other, list(props)), code="field.unknown")
        self.check_presentation(schema, at, defs, page_root)
        for name, sub in props.items():
            self.check_schema(sub, f"{at}/properties/{name}", defs)
        if isinstance(schema.get("items"), dict):
            self.check_schema(schema["items"], f"{at}/items", defs, page_root=True)
        here = frozenset(props) | outer
        for key in ("then", "else"):
            if isinstance(schema.get(key), dict):
                self.check_schema(schema[key], f"{at}/{key}", defs, page_root=True, outer=here)
        for key in ("allOf", "anyOf", "oneOf"):
            for i, sub in enumerate(schema.get(key, ())):
                self.check_schema(sub, f"{at}/{key}/{i}", defs, page_root=True, outer=here)
        for name, sub in schema.get("dependentSchemas", {}).items():
            if named and name not in here:
                self.add(f"{at}/dependentSchemas/{name}", f"'{name}' is not a field here",
                         _close(name, list(props)), code="field.unknown")
            self.check_schema(sub, f"{at}/dependentSchemas/{name}", defs, page_root=True, outer=here)

    def check_presentation(self, schema: dict[str, Any], at: str, defs: dict[str, Any],
                           fragment: bool) -> None:
        resolved = schema
        if "$ref" in schema:
            resolved = {**defs.get(schema["$ref"].removeprefix("#/$defs/"), {}), **schema}
        kind = main_type(resolved)
        if not fragment and kind is not None and "x-label" not in resolved:
            self.add(at, "the field has no label", "add 'x-label' with 'vi' and 'en'",
                     code="field.label_missing")
        widget = resolved.get("x-widget")
        if widget and kind and kind not in _WIDGET_TYPES[widget]:
            self.add(f"{at}/x-widget", f"the widget '{widget}' cannot show a value of type "
                     f"'{kind}'", "widgets for this type: " + ", ".join(
                         w for w, t in _WIDGET_TYPES.items() if kind in t), code="widget.type")
        items = resolved.get("items") if isinstance(resolved.get("items"), dict) else {}
        if widget == "checkboxes" and "enum" not in items:
            self.add(f"{at}/x-widget", "checkboxes need a list of choices",
                     "give 'items' an 'enum'", code="widget.choices")
        values = resolved.get("enum") or items.get("enum") or []
        labels = resolved.get("x-enum-labels")
        if labels is not None:
            for key in labels:
                if key not in {str(v) for v in values}:
                    self.add(f"{at}/x-enum-labels/{key}", f"'{key}' is not one of the field's "
                             "choices", _close(key, [str(v) for v in values]), code="enum.label_unknown")
        if not fragment and any(isinstance(v, str) for v in values):
            missing = [str(v) for v in values if str(v) not in (labels or {})]
            if missing:
                self.add(at, "choices without a label: " + ", ".join(missing),
                         "add them to 'x-enum-labels' with 'vi' and 'en'", code="enum.label_missing")
        autofill = resolved.get("x-autofill")
        if autofill and autofill["source"] not in AUTOFILL_SOURCES:
            self.add(f"{at}/x-autofill/source", f"'{autofill['source']}' is not a known identity "
                     "attribute", _close(autofill["source"], sorted(AUTOFILL_SOURCES)) or
                     "see the list of autofill sources in the language reference",
                     code="autofill.unknown_source")

    # -- conditions -----------------------------------------------------------------------
    def check_condition(self, condition: Any, at: str, fields: dict[str, FieldInfo] | None) -> None:
        try:
            jsonschema_rs.Draft202012Validator(condition, offline=True)
        except (jsonschema_rs.ValidationError, ValueError) as exc:
            self.add(at, f"the condition cannot be compiled: {str(exc).splitlines()[0]}",
                     code="condition.compile")
        if fields is None:
            return
        for name in sorted(set(condition_references(condition))):
            if name not in fields:
                self.add(at, f"the condition names the field '{name}', which is not in the eForm",
                         _close(name, list(fields)), code="condition.unknown_field")
        for name in passes_when_absent(condition):
            self.add(at, f"the condition on '{name}' also holds when '{name}' is empty",
                     f"add \"required\": [\"{name}\"] to the condition if that is not meant",
                     code="condition.absent_field", severity=Severity.WARNING)

    # -- fees -----------------------------------------------------------------------------
    def check_fees(self, fees: dict[str, Any], at: str, fields: dict[str, FieldInfo],
                   components: set[str]) -> None:
        items = fees["items"]
        self.unique(items, f"{at}/items", "fee item")
        ids = {item["id"] for item in items}
        for i, item in enumerate(items):
            i_at = f"{at}/items/{i}"
            quantity = item.get("quantity", {})
            if "field" in quantity:
                info = fields.get(quantity["field"])
                if info is None:
                    self.add(f"{i_at}/quantity/field", f"the field '{quantity['field']}' is not in "
                             "the eForm", _close(quantity["field"], list(fields)),
                             code="fee.unknown_field")
                elif info.type not in ("integer", "number"):
                    self.add(f"{i_at}/quantity/field", f"the field '{quantity['field']}' is not a "
                             "number", "point to an integer field", code="fee.field_type")
            if item["kind"] == "per-page":
                if item["component"] not in components:
                    self.add(f"{i_at}/component", f"the component '{item['component']}' is not in "
                             "this case", _close(item["component"], sorted(components)),
                             code="fee.unknown_component")
                pages = [t["from_page"] for t in item["tiers"]]
                if pages[0] != 1 or pages != sorted(set(pages)):
                    self.add(f"{i_at}/tiers", "tiers must start at page 1 and go up",
                             "e.g. from_page 1, then 3", code="fee.tiers")
            if "when" in item:
                self.check_condition(item["when"], f"{i_at}/when", fields)
        for key in ("exemptions",):
            for i, exemption in enumerate(fees.get(key, ())):
                e_at = f"{at}/{key}/{i}"
                self.check_item_refs(exemption.get("items", ()), ids, f"{e_at}/items")
                if exemption.get("from") and exemption.get("to") and exemption["to"] < exemption["from"]:
                    self.add(f"{e_at}/to", "the exemption ends before it starts", code="dates.order")
                if "when" in exemption:
                    self.check_condition(exemption["when"], f"{e_at}/when", fields)
        self.unique(fees.get("exemptions", []), f"{at}/exemptions", "exemption")
        if "online_discount" in fees:
            self.check_item_refs(fees["online_discount"].get("items", ()), ids,
                                 f"{at}/online_discount/items")

    def check_item_refs(self, refs: Any, ids: set[str], at: str) -> None:
        for j, ref in enumerate(refs):
            if ref not in ids:
                self.add(f"{at}/{j}", f"'{ref}' is not a fee item of this case",
                         _close(ref, sorted(ids)), code="fee.unknown_item")

    # -- processing -----------------------------------------------------------------------
    def check_processing(self, processing: dict[str, Any], at: str,
                         fields: dict[str, FieldInfo] | None) -> None:
        steps = processing["steps"]
        self.unique(steps, f"{at}/steps", "step")
        by_id = {s["id"]: s for s in steps}
        if processing["start"] not in by_id:
            self.add(f"{at}/start", f"the first step '{processing['start']}' does not exist",
                     _close(processing["start"], list(by_id)), code="step.unknown_start")
        for i, step in enumerate(steps):
            s_at = f"{at}/steps/{i}"
            actions = step.get("actions", [])
            self.unique(actions, f"{s_at}/actions", "action")
            if step.get("end") and actions:
                self.add(f"{s_at}/actions", "an end step cannot have actions",
                         "remove 'end' or the actions", code="step.end_with_actions")
            if not step.get("end") and not actions:
                self.add(s_at, f"the step '{step['id']}' has no actions and is not an end step",
                         "add the actions that leave it, or mark it \"end\": true",
                         code="step.dead_end")
            if step.get("end") and step["status"] not in END_STATUSES:
                self.add(f"{s_at}/status", f"an end step reports status {step['status']}",
                         "end steps report 3, 7, 8, 9 or 10", code="step.end_status")
            if not step.get("end") and step["role"] != "applicant" and "duration" not in step:
                self.add(s_at, f"the step '{step['id']}' has no duration", "add a duration so its "
                         "deadline can be computed", code="step.no_duration",
                         severity=Severity.WARNING)
            if "exchange" in step:
                self.check_exchange(step, f"{s_at}/exchange", by_id)
            for j, action in enumerate(actions):
                a_at = f"{s_at}/actions/{j}"
                target = by_id.get(action["to"])
                if target is None:
                    self.add(f"{a_at}/to", f"the action '{action['id']}' leads to the step "
                             f"'{action['to']}', which does not exist",
                             _close(action["to"], list(by_id)), code="action.unknown_target")
                elif action["kind"] == "request-supplement" and target["role"] != "applicant":
                    self.add(f"{a_at}/to", "a supplement request must lead to a step where the "
                             "applicant answers", "give the target step \"role\": \"applicant\"",
                             code="action.supplement_target")
                if "when" in action:
                    self.check_condition(action["when"], f"{a_at}/when", fields)
        reachable = _reachable(processing)
        for i, step in enumerate(steps):
            if step["id"] not in reachable:
                self.add(f"{at}/steps/{i}", f"the step '{step['id']}' cannot be reached from the "
                         f"first step", "add an action that leads to it, or remove it",
                         code="step.unreachable")
        if not any(by_id[s].get("end") for s in reachable if s in by_id):
            self.add(f"{at}/steps", "no end step can be reached: the process never ends",
                     "mark the final step \"end\": true", code="step.no_end")

    def check_exchange(self, step: dict[str, Any], at: str, by_id: dict[str, Any]) -> None:
        """The actions a partner's reports take exist on the step; a supplement leads to the applicant."""
        actions = {a["id"]: a for a in step.get("actions", [])}
        for report, action_id in step["exchange"].get("on", {}).items():
            action = actions.get(action_id)
            if action is None:
                self.add(f"{at}/on/{report}", f"the step '{step['id']}' has no action '{action_id}'",
                         _close(action_id, list(actions)), code="exchange.unknown_action")
            elif report == "supplement" and (by_id.get(action["to"]) or {}).get("role") != "applicant":
                self.add(f"{at}/on/{report}", "a partner's supplement request must lead to a step where the "
                         "applicant answers", "use an action whose target step has \"role\": \"applicant\"",
                         code="exchange.supplement_target")
        if step.get("end"):
            self.add(at, "an end step cannot be handed to a partner", "remove 'exchange' or 'end'",
                     code="exchange.end_step")

    def check_agency_fields(self, processing: dict[str, Any], at: str,
                            fields: dict[str, FieldInfo]) -> None:
        for i, step in enumerate(processing["steps"]):
            field_name = step.get("agency", {}).get("address_field")
            if field_name and field_name not in fields:
                self.add(f"{at}/steps/{i}/agency/address_field", f"the field '{field_name}' is not "
                         "in the eForm", _close(field_name, list(fields)), code="agency.unknown_field")


def _mentioned_elsewhere(schema: dict[str, Any], name: str) -> bool:
    """True when a combinator of ``schema`` defines the field ``name``."""
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, ()):
            if isinstance(sub, dict) and name in sub.get("properties", {}):
                return True
    return any(isinstance(schema.get(k), dict) and name in schema[k].get("properties", {})
               for k in ("then", "else"))


def _reachable(processing: dict[str, Any]) -> set[str]:
    by_id = {s["id"]: s for s in processing["steps"]}
    seen: set[str] = set()
    queue = deque([processing["start"]])
    while queue:
        step_id = queue.popleft()
        if step_id in seen or step_id not in by_id:
            continue
        seen.add(step_id)
        queue.extend(a["to"] for a in by_id[step_id].get("actions", ()))
    return seen


def _main_path(processing: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The steps met by following each step's first forward-moving action from the start."""
    by_id = {s["id"]: s for s in processing["steps"]}
    forward = {"accept", "forward", "approve", "issue-result", "transfer", "return-result"}
    seen: set[str] = set()
    step = by_id.get(processing["start"])
    while step is not None and step["id"] not in seen:
        seen.add(step["id"])
        yield step
        nxt = next((a["to"] for a in step.get("actions", ()) if a["kind"] in forward), None)
        step = by_id.get(nxt) if nxt else None


def check_semantics(document: dict[str, Any], file: str) -> list[DefinitionProblem]:
    """Run every semantic check on a document that satisfies the meta-schema."""
    problems = _Checker(document, file).run()
    from ..forms.renderable import check_renderable  # here, not at the top: avoids an import cycle

    return problems + check_renderable(document, file)


__all__ = ["check_semantics", "ptr"]
