"""Translate pyHanko status objects into report fields."""

from __future__ import annotations

from typing import Any

from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel, SuspiciousModification
from pyhanko.sign.validation import EmbeddedPdfSignature, SignatureCoverageLevel

from runtime.signatures.report import Coverage, Modification

_COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: Coverage.ENTIRE_FILE,
    SignatureCoverageLevel.ENTIRE_REVISION: Coverage.ENTIRE_REVISION,
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: Coverage.PARTIAL,
    SignatureCoverageLevel.UNCLEAR: Coverage.UNCLEAR,
}

_LEVEL = {
    ModificationLevel.NONE: Modification.NONE,
    ModificationLevel.LTA_UPDATES: Modification.LTA_UPDATES,
    ModificationLevel.FORM_FILLING: Modification.FORM_FILLING,
    ModificationLevel.ANNOTATIONS: Modification.ANNOTATIONS,
    ModificationLevel.OTHER: Modification.OTHER,
}


def coverage_of(level: SignatureCoverageLevel | None) -> Coverage:
    """Report value for a pyHanko coverage level."""
    return _COVERAGE.get(level, Coverage.UNCLEAR) if level is not None else Coverage.UNCLEAR


def _is_certification(emb: EmbeddedPdfSignature) -> bool:
    """True when the signature dictionary carries a DocMDP transform reference."""
    try:
        references = emb.sig_object.get("/Reference", ())
        return any(ref.get_object().get("/TransformMethod") == "/DocMDP"
                   for ref in references)
    except (AttributeError, TypeError, ValueError):
        return False


def integrity_fields(emb: EmbeddedPdfSignature, status: Any) -> dict[str, Any]:
    """Integrity, coverage, modification and DocMDP fields for a ``SignatureReport``."""
    diff = getattr(status, "diff_result", None)
    if isinstance(diff, SuspiciousModification):
        modification, detail, changed = Modification.SUSPICIOUS, str(diff), ()
    elif isinstance(diff, DiffResult):
        modification = _LEVEL.get(diff.modification_level, Modification.OTHER)
        changed = tuple(sorted(diff.changed_form_fields))
        detail = ", ".join(changed)
    else:
        modification, detail, changed = None, "", ()
    docmdp = emb.docmdp_level
    return {
        "intact": bool(status.intact),
        "valid": bool(status.valid),
        "coverage": coverage_of(getattr(status, "coverage", None)),
        "modification": modification,
        "modification_detail": detail,
        "changed_fields": changed,
        "certified": _is_certification(emb),
        "docmdp": int(docmdp.value) if docmdp is not None else None,
        "docmdp_ok": getattr(status, "docmdp_ok", None),
    }


#: AdES sub-indications that mean an algorithm or key the policy does not allow.
_CRYPTO = frozenset({"CRYPTO_CONSTRAINTS_FAILURE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"})


def constraint_fields(status: Any) -> dict[str, Any]:
    """pyHanko's trust/constraint problem indication, and the algorithm problem if any.

    ``intact`` and ``valid`` only say the bytes and the signature value match;
    a weak hash, a short key or a hash the signature scheme does not allow is
    reported by pyHanko's algorithm usage policy as a *trust problem* instead.
    """
    indication = getattr(status, "trust_problem_indic", None)
    name = getattr(indication, "name", "") if indication is not None else ""
    algorithm = ""
    if name in _CRYPTO:
        mechanism = getattr(status, "pkcs7_signature_mechanism", "?")
        digest = getattr(status, "md_algorithm", "?")
        algorithm = (f"{mechanism} with message digest {digest} is not allowed by the "
                     f"algorithm usage policy (weak hash, short key or hash not matching "
                     f"the signature scheme)")
    return {"trust_problem": name, "algorithm_problem": algorithm}
