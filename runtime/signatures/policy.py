"""From facts to a verdict: apply a :class:`SignaturePolicy` to the findings.

Verdict rules, in order:

* any ``pdf.*`` error (not a PDF, too large, truncated, encrypted, damaged,
  over limits) → ``unreadable``; active content the policy refuses (Launch,
  embedded programs by default; JavaScript when asked) → ``invalid``;
* no signer signature → ``unsigned`` (with ``signature.missing`` as an error
  when the policy requires a signature, as info otherwise);
* any error (broken, modified, certification violated, untrusted, expired,
  revoked, wrong signer) → ``invalid`` — one bad signature spoils the file;
* any warning (revocation unknown, changes after signing, untrusted
  timestamp, active content) → ``valid_with_warnings``;
* otherwise ``valid``.

Where the policy requires no signature, a file that pypdf reads is never
refused for its signatures: the signature parser failing on it, or any
problem with a signature found on it, is reported as a warning (same key) so
the official sees it and the citizen is told, but the file is accepted.
Validity is judged *now* unless a trusted time proves the signing time
(:mod:`runtime.signatures.analysis`); the signer's own claimed time is never
proof.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from runtime.signatures.identity import matches_applicant
from runtime.signatures.report import (
    ChainStatus,
    Coverage,
    Modification,
    PdfInspection,
    Reason,
    Revocation,
    Severity,
    SignaturePolicy,
    SignatureReport,
    Verdict,
)
from runtime.signatures.sandbox import Limits

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
#: Inspection findings a component's policy may refuse (the verdict is then ``invalid``).
ACTIVE_CONTENT = frozenset({"pdf.javascript", "pdf.launch_action", "pdf.embedded_executable"})
_ORDER = {E: 0, W: 1, INFO: 2}


def _dates(when: object) -> tuple[tuple[str, str], ...]:
    if when is None:
        return (("date", "?"), ("date_iso", "?"))
    return (("date", when.strftime("%d/%m/%Y")), ("date_iso", when.date().isoformat()))  # type: ignore[attr-defined]


def inspection_reasons(inspection: PdfInspection, limits: Limits,
                       policy: SignaturePolicy | None = None) -> list[Reason]:
    """Reasons derived from the PDF structure checks and the active-content policy."""
    policy = policy or SignaturePolicy()
    if inspection.problem:
        params = {"media_type": inspection.media_type,
                  "size_mb": f"{inspection.size / 1048576:.1f}",
                  "limit_mb": f"{limits.max_bytes / 1048576:.0f}",
                  "seconds": f"{limits.timeout_s:g}"}
        return [Reason(inspection.problem, E, inspection.detail,
                       params=tuple(params.items()))]
    reasons = []
    if inspection.has_javascript:
        detail = "JavaScript runs on open" if inspection.has_open_action_js else ""
        reasons.append(Reason("pdf.javascript", E if policy.refuse_javascript else W, detail))
    if inspection.has_launch_action:
        reasons.append(Reason("pdf.launch_action", E if policy.refuse_launch else W))
    if inspection.embedded_executables:
        names = ", ".join(inspection.embedded_executables)
        reasons.append(Reason("pdf.embedded_executable", E if policy.refuse_executables else W,
                              names, params=(("names", names),)))
    if inspection.embedded_files:
        names = ", ".join(inspection.embedded_files)
        reasons.append(Reason("pdf.embedded_files", W, names, params=(("names", names),)))
    if inspection.external_actions:
        names = ", ".join(inspection.external_actions)
        reasons.append(Reason("pdf.external_action", W, names, params=(("names", names),)))
    if not inspection.scan_complete:
        reasons.append(Reason("pdf.scan_incomplete", W,
                              params=(("objects", str(inspection.objects_scanned)),)))
    return reasons


def signature_reasons(sig: SignatureReport, all_fields: set[str]) -> list[Reason]:
    """Reasons about one signature's integrity, coverage and certificate."""
    name = sig.signer.common_name if sig.signer else "?"
    base = (("field", sig.field_name), ("name", name))
    out: list[Reason] = []

    def add(key: str, severity: Severity, detail: str = "",
            extra: Iterable[tuple[str, str]] = ()) -> None:
        out.append(Reason(key, severity, detail, sig.field_name, base + tuple(extra)))

    if sig.error:
        add("signature.broken", E, sig.error)
        return out
    if sig.algorithm_problem:  # pyHanko's algorithm usage policy, whatever intact/valid say
        add("signature.weak_algorithm", E, sig.algorithm_problem,
            (("algorithm", f"{sig.signature_mechanism}/{sig.digest_algorithm}"),))
        return out
    if not sig.intact:
        add("signature.broken", E, "digest of the signed byte ranges does not match")
        return out
    if not sig.valid:
        add("signature.broken", E, "the signature value does not verify")
        return out
    if sig.coverage in (Coverage.PARTIAL, Coverage.UNCLEAR):
        add("signature.broken", E, f"byte range does not cover the signed revision "
                                   f"(coverage: {sig.coverage.value})")
        return out
    change = (("change", sig.modification.value if sig.modification else "?"),)
    if sig.modification in (Modification.OTHER, Modification.SUSPICIOUS):
        add("signature.modified", E, sig.modification_detail, change)
    elif sig.docmdp_ok is False and sig.certified:
        add("signature.certification_violated", E,
            f"change level {change[0][1]} exceeds DocMDP level {sig.docmdp}", change)
    elif sig.docmdp_ok is False:
        add("signature.modified", E, sig.modification_detail, change)
    elif sig.modification in (Modification.FORM_FILLING, Modification.ANNOTATIONS):
        only_signatures = (sig.modification is Modification.FORM_FILLING
                           and set(sig.changed_fields) <= all_fields)
        add("signature.changed_after_signing", INFO if only_signatures else W,
            sig.modification_detail, change)

    is_ts = sig.kind == "document_timestamp"
    not_after = sig.signer.not_after if sig.signer else None
    not_before = sig.signer.not_before if sig.signer else None
    if sig.chain is ChainStatus.UNTRUSTED and "self-signed" in sig.chain_detail and not is_ts:
        add("signature.self_signed", E, sig.chain_detail)
        return out
    chain_problem = {
        ChainStatus.UNTRUSTED: ("signature.untrusted", ()),
        ChainStatus.EXPIRED: ("signature.expired", _dates(not_after)),
        ChainStatus.NOT_YET_VALID: ("signature.not_yet_valid", _dates(not_before)),
        ChainStatus.REVOKED: ("signature.revoked", _dates(sig.revoked_at)),
        ChainStatus.NOT_CHECKED: ("signature.untrusted", ()),
    }.get(sig.chain)
    if chain_problem is not None:
        key, extra = chain_problem
        if (sig.chain is ChainStatus.EXPIRED and not_after is not None
                and sig.validated_at is not None and not_after >= sig.validated_at):
            key, extra = "signature.ca_expired", ()  # the signer's own certificate is in force
        if is_ts:
            add("signature.timestamp_untrusted", W, f"{sig.chain.value}: {sig.chain_detail}")
        else:
            add(key, E, sig.chain_detail, extra)
        return out
    if sig.revocation is Revocation.UNKNOWN and not is_ts:
        add("signature.revocation_unknown", W, sig.revocation_detail)
    if sig.time_basis != "validation_time":
        proven = sig.time_basis in ("timestamp", "document_timestamp")
        add("signature.expired_after_signing", INFO if proven else W,
            f"certificate validated at the {sig.time_basis} signing time "
            f"{sig.validated_at.isoformat() if sig.validated_at else '?'}", _dates(not_after))
    if sig.timestamp is not None and sig.timestamp_trusted is False and not is_ts:
        add("signature.timestamp_untrusted", W, "timestamp token does not validate")
    return out


def _signer_reasons(good: Sequence[SignatureReport], policy: SignaturePolicy,
                    applicant_ids: Iterable[str]) -> list[Reason]:
    if not good or policy.signer == "trusted":
        return []
    if policy.signer == "applicant":
        if any(s.signer and matches_applicant(s.signer, applicant_ids) for s in good):
            return []
        expected, expected_en = "người nộp hồ sơ", "the applicant"
    else:
        if any(s.signer and s.signer.is_organisation for s in good):
            return []
        expected, expected_en = "cơ quan, tổ chức (có mã số thuế)", "an organisation (tax code)"
    first = good[0].signer
    ids = ", ".join((*first.personal_ids, *first.tax_codes)) if first else ""
    params = (("name", first.common_name if first else "?"), ("ids", ids or "-"),
              ("expected", expected), ("expected_en", expected_en))
    detail = f"signer IDs {ids or 'none'}; policy signer={policy.signer}"
    return [Reason("signature.wrong_signer", E, detail, good[0].field_name, params)]


def decide(inspection: PdfInspection, signatures: Sequence[SignatureReport],
           policy: SignaturePolicy, applicant_ids: Iterable[str] = (),
           analysis_error: str = "", limits: Limits | None = None, *,
           lenient: bool = False, unsigned_tail: str = "",
           ) -> tuple[Verdict, tuple[Reason, ...]]:
    """Verdict and ordered reasons for one attachment.

    ``lenient`` says pyHanko's strict parser refused the file (e.g. hybrid
    cross-reference sections, a known vector for "shadow" attacks) and the
    signatures were checked on a tolerant parse; ``unsigned_tail`` says why
    bytes after the last signed revision are no allowed update
    (:mod:`runtime.signatures.revisions`).
    """
    reasons = inspection_reasons(inspection, limits or Limits(), policy)
    if not inspection.problem and analysis_error:
        if policy.required:
            reasons.append(Reason("pdf.unreadable", E, f"signature parser: {analysis_error}"))
        elif inspection.signature_fields:
            reasons.append(Reason("signature.not_analysed", W,
                                  f"signature parser: {analysis_error}"))
    if lenient and signatures:
        reasons.append(Reason("pdf.lenient_parse", W,
                              "strict PDF parsing failed; signatures checked in tolerant mode"))
    refused = [r for r in reasons if r.severity is E]
    if refused:
        active = all(r.key in ACTIVE_CONTENT for r in refused)
        return (Verdict.INVALID if active else Verdict.UNREADABLE), _sorted(reasons)

    signers = [s for s in signatures if s.kind == "signature"]
    all_fields = {s.field_name for s in signatures}
    good = []
    found_reasons: list[Reason] = []
    for sig in signatures:
        found = signature_reasons(sig, all_fields)
        found_reasons.extend(found)
        if sig.kind == "signature" and not any(r.severity is E for r in found):
            good.append(sig)
    if unsigned_tail and signatures:
        found_reasons.append(Reason("signature.unsigned_update", E, unsigned_tail))
    if not signers:
        reasons.extend(_optional(found_reasons) if not policy.required else found_reasons)
        reasons.append(Reason("signature.missing", E if policy.required else INFO))
        return Verdict.UNSIGNED, _sorted(reasons)
    found_reasons.extend(_signer_reasons(good, policy, applicant_ids))
    reasons.extend(found_reasons if policy.required else _optional(found_reasons))
    if any(r.severity is E for r in reasons):
        return Verdict.INVALID, _sorted(reasons)
    if any(r.severity is W for r in reasons):
        return Verdict.VALID_WITH_WARNINGS, _sorted(reasons)
    return Verdict.VALID, _sorted(reasons)


def _optional(reasons: list[Reason]) -> list[Reason]:
    """Signature findings on a file whose policy needs no signature: reported, not refusing."""
    return [replace(r, severity=W) if r.severity is E else r for r in reasons]


def _sorted(reasons: list[Reason]) -> tuple[Reason, ...]:
    return tuple(sorted(reasons, key=lambda r: _ORDER[r.severity]))
