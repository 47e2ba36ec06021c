"""The trust anchors themselves: validity dates and production hygiene.

pyhanko-certvalidator checks the validity period of every certificate it
*builds* into a path but takes the trust anchor as given, so an expired root
would keep "validating" signatures. :func:`path_problem` checks every
certificate of a validated path, the anchor included; an expired root trusts
nothing. :func:`check_production_roots` refuses demo and test anchors (and
expired ones) when a deployment runs in production.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from asn1crypto import x509

#: Words in a root's subject that mark it as a demo or test anchor.
TEST_MARKERS = ("demo", "test", "kiểm thử", "thử nghiệm", "example", "dummy")


def _name(cert: x509.Certificate) -> str:
    try:
        return cert.subject.human_friendly
    except (ValueError, TypeError, KeyError):
        return "?"


def validity_problem(cert: x509.Certificate, moment: datetime, role: str) -> str:
    """Why ``cert`` is not within its validity period at ``moment`` ('' when it is)."""
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if moment > not_after:
        return f"{role} {_name(cert)!r} expired on {not_after.isoformat()}"
    if moment < not_before:
        return f"{role} {_name(cert)!r} is not valid before {not_before.isoformat()}"
    return ""


def path_problem(certs: Iterable[x509.Certificate], moment: datetime) -> str:
    """First validity problem among the CA certificates of a path (root first)."""
    chain = list(certs)
    for index, cert in enumerate(chain[:-1] if len(chain) > 1 else chain):
        role = "trust root" if index == 0 else "intermediate CA"
        problem = validity_problem(cert, moment, role)
        if problem:
            return problem
    return ""


def is_test_root(cert: x509.Certificate) -> bool:
    """True when the subject names a demo or test CA."""
    name = _name(cert).casefold()
    return any(marker in name for marker in TEST_MARKERS)


def check_production_roots(roots: Iterable[bytes], moment: datetime) -> list[str]:
    """Problems that make a set of anchors unfit for production (empty when fit)."""
    problems = []
    for der in roots:
        cert = x509.Certificate.load(der)
        if is_test_root(cert):
            problems.append(f"{_name(cert)!r} is a demo/test root; it is refused in production")
            continue
        expired = validity_problem(cert, moment, "trust root")
        if expired:
            problems.append(expired)
    return problems
