"""A plain-text summary of a procedure, for administrators at a terminal."""

from __future__ import annotations

from runtime.definitions.model import Procedure

_UNITS = {
    "vi": {"working-hours": "giờ làm việc", "working-days": "ngày làm việc", "calendar-days": "ngày"},
    "en": {"working-hours": "working hours", "working-days": "working days", "calendar-days": "days"},
}
_LABELS = {
    "vi": ("Mã", "Lĩnh vực", "Cấp", "Hiệu lực", "Phiên bản", "Trường hợp", "Thời hạn", "Thành phần hồ sơ",
           "Phí, lệ phí", "Các bước xử lý", "ký số", "bản chính", "bản sao", "khi", "kết thúc", "trang"),
    "en": ("Code", "Sector", "Level", "Effective", "Version", "Case", "Time limit", "Components",
           "Fees", "Steps", "signed", "original(s)", "copy(ies)", "when", "end", "pages"),
}


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def describe_procedure(p: Procedure, lang: str = "vi") -> str:
    L = dict(zip(("code", "sector", "level", "effective", "version", "case", "limit", "components",
                  "fees", "steps", "signed", "originals", "copies", "when", "end", "pages"),
                 _LABELS[lang], strict=True))
    lines = [p.name.get(lang), "=" * min(len(p.name.get(lang)), 78),
             f"{L['code']}: {p.code}    {L['sector']}: {p.sector.get(lang)}    "
             f"{L['level']}: {', '.join(p.levels)}",
             f"{L['effective']}: {p.effective_from:%d/%m/%Y} – "
             f"{p.effective_to.strftime('%d/%m/%Y') if p.effective_to else '…'}    "
             f"{L['version']}: {p.version_label} ({p.short_hash})"]
    for case in p.cases:
        limit = case.time_limit
        lines += ["", f"## {L['case']}: {case.name.get(lang)}",
                  f"{L['limit']}: {limit.amount:g} {_UNITS[lang][limit.unit]}",
                  f"{L['components']}:"]
        for c in case.components:
            flag = f" [{L['signed']}]" if c.signature.required else ""
            cond = f" ({L['when']} …)" if c.when else ""
            lines.append(f"  - {c.name.get(lang)}: {c.originals} {L['originals']}, "
                         f"{c.copies} {L['copies']}{flag}{cond}")
        lines.append(f"{L['fees']}:")
        for f in case.fees.items:
            if f.kind == "fixed":
                amount = _money(f.amount or 0)
            elif f.kind == "per-unit":
                amount = f"{_money(f.unit_price or 0)} × n"
            else:
                amount = ", ".join(f"{_money(t.price)}/{L['pages']} ≥{t.from_page}" for t in f.tiers)
                if f.cap is not None:
                    amount += f", max {_money(f.cap)}"
            lines.append(f"  - {f.name.get(lang)}: {amount}")
        lines.append(f"{L['steps']}:")
        for s in case.processing.steps:
            d = f" – {s.duration.amount:g} {_UNITS[lang][s.duration.unit]}" if s.duration else ""
            end = f" [{L['end']}]" if s.end else ""
            lines.append(f"  {s.id} ({s.role}, {s.status}){d}{end}")
            for a in s.actions:
                lines.append(f"      → {a.name.get(lang)} ⇒ {a.to}")
    return "\n".join(lines)
