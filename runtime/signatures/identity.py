"""Who signed: identifiers in Vietnamese signing certificates.

Vietnamese CAs put the holder's identifier in the subject, in ``UID``
(0.9.2342.19200300.100.1.1), ``serialNumber`` or even ``CN``/``OU``, usually
with a prefix naming the kind: ``CCCD:001234567890`` (citizen ID card),
``CMND:…`` (old ID card, 9 or 12 digits), ``HC:…`` (passport),
``MST:0101234567`` (tax code), ``MNS:…`` (budget-unit code). A bare 12-digit
serialNumber is read as a personal ID and a bare 10(-3)-digit one as a tax code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from asn1crypto import x509

from runtime.signatures.report import SignerIdentity

#: Subject attributes that may carry identifiers.
_ID_ATTRIBUTES = frozenset({
    "user_id", "serial_number", "common_name", "organizational_unit_name",
    "organization_identifier", "title", "name", "pseudonym",
})

_PREFIXED = re.compile(
    r"\b(CCCD|CMND|CMTND|CMT|CC|HC|MST|MNS|MDD|MĐĐT)\s*[:=\-]\s*([0-9A-Za-z.\-]+)",
    re.IGNORECASE,
)
_PERSONAL_ID = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def _values(name: x509.Name) -> Iterable[tuple[str, str]]:
    """``(attribute, text)`` for every attribute in a distinguished name."""
    for rdn in name.chosen:
        for attr in rdn:
            try:
                value = attr["value"].native
            except (ValueError, TypeError):  # malformed attribute value
                continue
            if isinstance(value, str):
                yield attr["type"].native, value


def _classify(kind: str, value: str, found: dict[str, list[str]]) -> None:
    kind = kind.upper()
    if kind in ("CCCD", "CC", "CMND", "CMTND", "CMT"):
        digits = value.replace(".", "")
        if _PERSONAL_ID.match(digits):
            found["personal"].append(digits)
        else:
            found["other"].append(f"CMND:{value}" if kind != "CCCD" else f"CCCD:{value}")
    elif kind == "MST":
        found["tax"].append(value)
    elif kind == "HC":
        found["other"].append(f"HC:{value}")
    elif kind == "MNS":
        found["other"].append(f"MNS:{value}")
    else:
        found["other"].append(f"MDD:{value}")


def identity_of(cert: x509.Certificate) -> SignerIdentity:
    """Extract a :class:`SignerIdentity` from an asn1crypto certificate."""
    found: dict[str, list[str]] = {"personal": [], "tax": [], "other": []}
    common_name = ""
    organisation: str | None = None
    for attr, text in _values(cert.subject):
        if attr == "common_name" and not common_name:
            common_name = text
        if attr == "organization_name" and organisation is None:
            organisation = text
        if attr not in _ID_ATTRIBUTES:
            continue
        matches = list(_PREFIXED.finditer(text))
        for match in matches:
            _classify(match.group(1), match.group(2), found)
        bare = text.strip()
        if not matches and attr in ("serial_number", "user_id"):
            if _PERSONAL_ID.match(bare):
                found["personal"].append(bare)
            elif _TAX_CODE.match(bare):
                found["tax"].append(bare)
        if attr == "organization_identifier" and not matches and bare:
            found["other"].append(f"MDD:{bare}")
    validity = cert["tbs_certificate"]["validity"]
    return SignerIdentity(
        common_name=common_name or cert.subject.human_friendly,
        organisation=organisation,
        personal_ids=tuple(dict.fromkeys(found["personal"])),
        tax_codes=tuple(dict.fromkeys(found["tax"])),
        other_ids=tuple(dict.fromkeys(found["other"])),
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        serial_number=format(cert.serial_number, "x"),
        fingerprint_sha256=cert.sha256.hex(),
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
    )


def normalise_id(value: str) -> str:
    """Canonical form of an applicant identifier for comparison."""
    return re.sub(r"[\s.]", "", value).upper()


def matches_applicant(identity: SignerIdentity, applicant_ids: Iterable[str]) -> bool:
    """True when the certificate carries one of ``applicant_ids``."""
    wanted = {normalise_id(i) for i in applicant_ids if i}
    held = {normalise_id(i) for i in (*identity.personal_ids, *identity.tax_codes)}
    return bool(wanted & held)
