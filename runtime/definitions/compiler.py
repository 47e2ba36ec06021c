"""Compile a checked definition document into immutable model objects."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import orjson

from . import model as m
from .fields import iter_fields


def content_hash(document: Any) -> str:
    """The exact version of a definition: SHA-256 of its canonical JSON."""
    canonical = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _text(value: dict[str, str] | None) -> m.Text | None:
    return m.Text.of(value)


def _duration(value: dict[str, Any] | None) -> m.Duration | None:
    return None if value is None else m.Duration(value["amount"], value["unit"])


def _result(value: dict[str, Any] | None) -> m.Result | None:
    if value is None:
        return None
    template = value.get("template")
    if isinstance(template, dict):  # a document layout (see runtime.documents.layout)
        return m.Result(m.Text.of(value["name"]), template.get("id"), value.get("signed", False), template)
    return m.Result(m.Text.of(value["name"]), template, value.get("signed", False))


def _form(value: dict[str, Any]) -> m.Form:
    from ..forms.schema import is_old_draft, upgrade

    defs = upgrade(value.get("$defs", {}), old=any(is_old_draft(p["schema"]) for p in value["pages"]))
    pages = tuple(
        m.Page(p["id"], m.Text.of(p["title"]), upgrade(p["schema"]), defs, _text(p.get("intro")),
               m.Condition.of(p.get("when")))
        for p in value["pages"])
    return m.Form(pages, defs)


def _component(value: dict[str, Any]) -> m.Component:
    sig = value.get("signature") or {"policy": "none"}
    template = value.get("template")
    return m.Component(
        id=value["id"], name=m.Text.of(value["name"]), originals=value["originals"],
        copies=value["copies"],
        required=value.get("required", None if "when" in value else True),
        when=m.Condition.of(value.get("when")),
        media_types=tuple(value.get("media_types", ("application/pdf",))),
        max_size_mb=value.get("max_size_mb", 10), max_files=value.get("max_files", 1),
        signature=m.SignaturePolicy(sig["policy"] == "required", sig.get("signer"),
                                    **_active_content(sig.get("active_content", {}))),
        description=_text(value.get("description")),
        template=_text(template["name"]) if template else None)


def _quantity(value: dict[str, Any] | None) -> m.Quantity | None:
    return None if value is None else m.Quantity(value.get("const"), value.get("field"))


def _fees(value: dict[str, Any]) -> m.Fees:
    collect_at = value.get("collect_at", "receipt")
    items = tuple(
        m.FeeItem(
            id=i["id"], name=m.Text.of(i["name"]), kind=i["kind"],
            collect_at=i.get("collect_at", collect_at), amount=i.get("amount"),
            unit_price=i.get("unit_price"), quantity=_quantity(i.get("quantity")),
            component=i.get("component"),
            tiers=tuple(m.Tier(t["from_page"], t["price"]) for t in i.get("tiers", ())),
            cap=i.get("cap"), when=m.Condition.of(i.get("when")),
            channels=tuple(i["channels"]) if "channels" in i else None)
        for i in value["items"])
    exemptions = tuple(
        m.Exemption(
            id=e["id"], reason=m.Text.of(e["reason"]),
            items=tuple(e["items"]) if "items" in e else None, percent=e.get("percent", 100),
            valid_from=_date(e.get("from")), valid_to=_date(e.get("to")),
            when=m.Condition.of(e.get("when")), legal_basis=e.get("legal_basis"))
        for e in value.get("exemptions", ()))
    d = value.get("online_discount")
    discount = None if d is None else m.Discount(
        d["percent"], tuple(d["items"]) if "items" in d else None, _date(d.get("from")),
        _date(d.get("to")), d.get("legal_basis"))
    return m.Fees(collect_at, items, exemptions, discount, _text(value.get("note")))


def _exchange(value: dict[str, Any] | None) -> m.Exchange | None:
    if value is None:
        return None
    return m.Exchange(value["to"], value["procedure"], value.get("case"), dict(value.get("on") or {}))


def _processing(value: dict[str, Any]) -> m.Processing:
    steps = []
    for s in value["steps"]:
        agency = s.get("agency")
        rule = m.SAME_AGENCY if agency is None else m.AgencyRule(
            agency["resolve"], agency.get("code"), agency.get("level"), agency.get("kind"),
            agency.get("address_field"))
        actions = tuple(
            m.Action(a["id"], m.Text.of(a["name"]), a["kind"], a["to"],
                     m.Condition.of(a.get("when")), a.get("slip"), tuple(a.get("requires", ())))
            for a in s.get("actions", ()))
        steps.append(m.Step(s["id"], m.Text.of(s["name"]), s["role"], s["status"], rule,
                            _duration(s.get("duration")), s.get("end", False), actions, _exchange(s.get("exchange"))))
    return m.Processing(value["start"], tuple(steps), _result(value.get("result")), value.get("slips", {}))


def _search_text(doc: dict[str, Any]) -> str:
    from .text import fold

    parts = [doc["code"], doc["name"]["vi"], doc["name"]["en"], doc["sector"]["name"]["vi"],
             doc["sector"]["name"]["en"], *doc.get("keywords", ())]
    if "short_name" in doc:
        parts += [doc["short_name"]["vi"], doc["short_name"]["en"]]
    return fold(" | ".join(parts))


def compile_procedure(document: dict[str, Any], file: str = "",
                      digest: str | None = None) -> m.Procedure:
    """Build the immutable :class:`~runtime.definitions.model.Procedure` of a checked document."""
    source = document.get("source", {})
    return m.Procedure(
        code=document["code"], version_label=document["version"],
        content_hash=digest or content_hash(document), name=m.Text.of(document["name"]),
        sector_code=document["sector"]["code"], sector=m.Text.of(document["sector"]["name"]),
        levels=tuple(document["level"]), agency_kind=document["agency_kind"]["id"],
        agency_kind_name=m.Text.of(document["agency_kind"]["name"]),
        applicant_types=tuple(document["applicant_types"]),
        legal_basis=tuple(
            m.LegalDocument(x["number"], m.Text.of(x["title"]), x.get("issuer"),
                            _date(x.get("issued_on")))
            for x in document.get("legal_basis", ())),
        channels=tuple(document["channels"]), online_level=document["online_level"],
        effective_from=_date(document["effective_from"]),
        effective_to=_date(document.get("effective_to")), source=orjson.dumps(document), file=file,
        short_name=_text(document.get("short_name")), keywords=tuple(document.get("keywords", ())),
        requirements=_text(document.get("requirements")),
        source_decision=source.get("decision"), source_url=source.get("url"),
        search_text=_search_text(document))


def compile_cases(document: dict[str, Any]) -> tuple[m.Case, ...]:
    """The cases of a checked document (compiled on first use: the catalog lists procedures without them)."""
    default_processing = _processing(document["processing"])
    return tuple(
        m.Case(
            id=c["id"], name=m.Text.of(c["name"]), form=_form(c["form"]),
            components=tuple(_component(x) for x in c["components"]), fees=_fees(c["fees"]),
            time_limit=_duration(c["time_limit"]),
            processing=_processing(c["processing"]) if "processing" in c else default_processing,
            result=_result(c.get("result")) or default_processing.result,
            description=_text(c.get("description")), when=m.Condition.of(c.get("when")))
        for c in document["cases"])


def form_fields(case: m.Case) -> dict[str, Any]:
    """Every field pointer of a case's eForm with its (resolved) schema."""
    out: dict[str, Any] = {}
    for page in case.form.pages:
        for info in iter_fields(page.schema, case.form.defs):
            out.setdefault(info.pointer, info.schema)
    return out


def _active_content(rules: dict[str, str]) -> dict[str, bool]:
    """A component's active-content rules as SignaturePolicy flags (absent keys keep the defaults)."""
    return {f"refuse_{kind}": rules[kind] == "refuse"
            for kind in ("launch", "executables", "javascript") if kind in rules}
