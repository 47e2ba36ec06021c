"""A procedure definition and its import report from one national catalogue record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runtime.agencies.kinds import KINDS

from .channels import Channel, Fee, channel_report
from .components import Component, components_report
from .eform import starter_form
from .formfields import template_fields, template_page
from .legal import legal_report
from .metadata import read_agency_kind, read_applicants, read_levels, read_sector, read_steps
from .report import FieldReport, RecordReport
from .source import Source, read_source
from .text import bilingual, is_empty, one_line, slug
from .workflow import default_processing

EFFECTIVE_FROM = "2025-07-01"
"""The two-tier local government's first day: a record that names no date is taken to apply from it."""
DEFAULT_TIME = (15.0, "working-days")


@dataclass
class Imported:
    definition: dict[str, Any] | None
    report: RecordReport


def import_record(raw: Any, source_file: str = "") -> Imported:
    """The definition (None when the record cannot give one) and the report of one record."""
    from .source import RecordError

    try:
        source = read_source(raw)
    except RecordError as exc:
        report = RecordReport(str((raw or {}).get("ma_thu_tuc", "")) if isinstance(raw, dict) else "", source_file)
        report.outcome, report.problems = "failed", [str(exc)]
        return Imported(None, report)
    report = RecordReport(source.code, source_file)
    if not source.code or not source.name:
        report.outcome, report.problems = "failed", ["the record has no code or no name"]
        return Imported(None, report)
    return Imported(build_definition(source, report), report)


def _time_limit(channels: list[Channel], steps_text: str, report: RecordReport) -> dict[str, Any]:
    from .channels import time_in_prose

    timed = [c for c in channels if c.time]
    first = next((c for c in timed if c.channel == "in-person"), timed[0] if timed else None)
    if first is not None:
        amount, unit = first.time
    elif found := time_in_prose(steps_text):
        amount, unit = found
        report.fields["time_limit"].items.append(FieldReport("guessed", steps_text[:300], found,
                                                             "read from the steps"))
    else:
        amount, unit = DEFAULT_TIME
        report.fields["time_limit"].items.append(FieldReport("review", "", DEFAULT_TIME,
                                                             "no time limit anywhere: 15 working days assumed"))
    limit: dict[str, Any] = {"amount": min(max(amount, 0.5), 3650), "unit": unit}
    differing = {(c.channel, c.time) for c in timed if c.time != (amount, unit)}
    if differing:
        words = {"working-days": "ngày làm việc", "calendar-days": "ngày", "working-hours": "giờ làm việc"}
        text = "; ".join(f"{_CHANNEL_VI[ch]}: {t[0]:g} {words[t[1]]}" for ch, t in sorted(differing))
        limit["note"] = bilingual(f"Thời hạn khác theo hình thức nộp — {text}")
    return limit


_CHANNEL_VI = {"in-person": "trực tiếp", "online": "trực tuyến", "postal": "bưu chính"}


def _fees(channels: list[Channel], components: list[dict[str, Any]]) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    notes: list[str] = []
    seen: dict[tuple[str, int, str], list[str]] = {}
    reductions: dict[tuple[str, int, str], tuple[int, str, str]] = {}
    for c in channels:
        for fee in c.fees:
            if fee.kind in ("fixed", "per-page") and fee.amount > 0:
                seen.setdefault((fee.kind, fee.amount, fee.unit), []).append(c.channel)
                if fee.reduced:
                    reductions.setdefault((fee.kind, fee.amount, fee.unit), fee.reduced)
            if fee.note or fee.kind in ("foreign", "unknown"):
                notes.append(fee.source if not fee.note or fee.note in fee.source else f"{fee.source} — {fee.note}")
    all_channels = sorted({c.channel for c in channels})
    for n, ((kind, amount, unit), where) in enumerate(seen.items(), 1):
        item: dict[str, Any] = {"id": f"fee-{n}", "name": bilingual("Phí, lệ phí" + (f" (/{unit})" if unit else ""))}
        if kind == "per-page" and components:
            item.update(kind="per-page", component=components[0]["id"], tiers=[{"from_page": 1, "price": amount}],
                        quantity={"const": 1})
        else:
            item.update(kind="fixed", amount=amount)
        if sorted(set(where)) != all_channels:
            item["channels"] = sorted(set(where))
        items.append(item)
    fees: dict[str, Any] = {"collect_at": "receipt", "items": items}
    exemptions = []
    for item, key in zip(items, seen, strict=True):
        if key in reductions:
            lower, start, end = reductions[key]
            exemptions.append({
                "id": f"reduced-{item['id']}", "items": [item["id"]], "from": start, "to": end,
                "percent": round(100 * (key[1] - lower) / key[1], 4),
                "reason": bilingual(f"Mức thu {lower:,} đồng từ {start} đến {end}".replace(",", "."),
                                    f"{lower:,} VND from {start} to {end}")})
    if exemptions:
        fees["exemptions"] = exemptions
    unique_notes = list(dict.fromkeys(one_line(n) for n in notes if one_line(n)))
    if unique_notes:
        fees["note"] = bilingual("; ".join(unique_notes)[:2000])
    return fees


def _component(c: Component, used: set[str]) -> dict[str, Any]:
    base = slug(c.name, "component", 40)
    cid, n = base, 2
    while cid in used:
        cid, n = f"{base}-{n}", n + 1
    used.add(cid)
    raw: dict[str, Any] = {"id": cid, "name": bilingual(c.name[:300]), "originals": max(c.originals, 0),
                           "copies": max(c.copies, 0), "required": c.group == "submit",
                           "media_types": ["application/pdf", "image/jpeg", "image/png"], "max_files": 5}
    if len(c.name) > 300:
        raw["description"] = bilingual(c.name)
    if c.group == "present":
        raw["description"] = bilingual("Xuất trình bản chính khi nộp hồ sơ hoặc nhận kết quả.",
                                       "Show the original when filing or collecting the result.")
    elif c.group == "case":
        raw["description"] = bilingual(f"Chỉ nộp trong trường hợp: {c.group_label or c.name}"[:1000])
    if c.template:
        raw["template"] = {"name": bilingual(c.template)}
    return raw


def build_definition(source: Source, report: RecordReport) -> dict[str, Any]:
    levels = read_levels(source.levels)
    report.fields["level"] = levels.report()
    agency = read_agency_kind(source.agencies, levels.value)  # type: ignore[arg-type]
    report.fields["agency_kind"] = agency.report()
    applicants = read_applicants(source.applicants)
    report.fields["applicant_types"] = applicants.report()
    sector = read_sector(source.sector, source.sector_code)
    report.fields["sector"] = sector.report()
    times, fees_report = channel_report(source.channels)
    times.source = fees_report.source = source.channels_text
    report.fields["time_limit"], report.fields["fees"] = times, fees_report
    report.fields["legal_basis"] = legal_report(source.legal, source.legal_text)
    results = source.results
    report.fields["results"] = results.report() if results else FieldReport("review", "", [], "no result")
    steps = read_steps(source.steps)
    report.fields["steps"] = steps.report()
    report.add("effective_from", "guessed", "", EFFECTIVE_FROM,
               "the record names no date: the two-tier government's first day assumed")
    channels = list(dict.fromkeys(c.channel for c in source.channels)) or ["in-person"]
    report.add("channels", "parsed" if source.channels else "review", source.channels_text, channels)

    kind_id = agency.value["id"]  # type: ignore[index]
    time_limit = _time_limit(source.channels, source.steps, report)
    cases = []
    used_case_ids: set[str] = set()
    from_templates: list[FieldReport] = []
    for n, (case_name, read) in enumerate(source.cases, 1):
        used: set[str] = set()
        components = [_component(c, used) for c in read.components]
        report.fields["components" if n == 1 else f"components-{n}"] = components_report(read, source.components_text)
        case_id = slug(case_name, "standard", 40) if case_name else ("standard" if n == 1 else f"case-{n}")
        while case_id in used_case_ids:
            case_id = f"{case_id}-{n}"
        used_case_ids.add(case_id)
        form = starter_form(applicants.value)  # type: ignore[arg-type]
        asked = template_fields(read.components)
        if asked.fields:
            form["pages"].append(template_page(asked))
            from_templates.append(FieldReport("guessed", " | ".join(asked.sources), list(asked.fields),
                                              f"case {case_id}: fields read from what the record says its form "
                                              "template asks for: check them in the studio"))
        case: dict[str, Any] = {
            "id": case_id, "name": bilingual(case_name or source.name), "form": form,
            "components": components, "fees": _fees(source.channels, components), "time_limit": time_limit}
        if read.notes:
            case["description"] = bilingual(" ".join(read.notes)[:4000])
        cases.append(case)
    split = source.shape == "crawl" and len(cases) > 1
    report.fields["cases"] = FieldReport("guessed" if split else "parsed", "; ".join(n for n, _ in source.cases),
                                         [c["id"] for c in cases],
                                         "one case per group of components headed by its case" if split else "")

    processing = default_processing(kind_id, source.sector, time_limit["amount"], time_limit["unit"])
    result_list = results.value if results else []
    if result_list:
        first = result_list[0]  # type: ignore[index]
        processing["result"] = {"name": bilingual(first["name"][:300])}
        if first.get("code"):
            processing["result"]["code"] = first["code"]
    report.add("processing", "guessed", "", {"template": "receive-examine-approve-hand-over", "agency_kind": kind_id},
               "the default workflow for the agency kind: adjust the steps in the studio")
    if from_templates:
        report.add("eform", "guessed", "", [p["id"] for p in cases[0]["form"]["pages"]],
                   "a starter eForm: the applicant's page (autofilled) and fields guessed from the form template",
                   from_templates)
    else:
        report.add("eform", "review", "", [p["id"] for p in cases[0]["form"]["pages"]],
                   "a starter eForm (the applicant's page, autofilled): add the fields the record's form template "
                   "asks (the record does not say which)")

    definition: dict[str, Any] = {
        "$schema": "urn:motcua:schema:procedure:1", "code": source.code, "version": "import",
        "name": bilingual(source.name), "sector": sector.value,
        "level": levels.value, "agency_kind": {"id": kind_id, "name": bilingual(
            agency.value["name"] or KINDS[kind_id].name_vi.format(unit="").strip())},  # type: ignore[index]
        "applicant_types": applicants.value, "legal_basis": [d.to_definition() for d in source.legal if d.number],
        "channels": channels, "online_level": "partial", "effective_from": EFFECTIVE_FROM, "effective_to": None,
    }
    if not is_empty(source.requirements):
        definition["requirements"] = bilingual(source.requirements[:4000])
    src = {k: v for k, v in (("decision", source.decision), ("url", source.url)) if v}
    if src:
        definition["source"] = src
    definition["cases"] = cases
    definition["processing"] = processing
    return definition


__all__ = ["Fee", "Imported", "build_definition", "import_record"]
