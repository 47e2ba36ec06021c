"""Certificate chain and revocation checks for one signer certificate.

Three passes with pyhanko-certvalidator, each on a fresh validation context:

1. path validation to the trust roots with revocation switched off — gives
   ``trusted`` / ``untrusted`` / ``expired`` / ``not_yet_valid`` with the
   library's own explanation;
2. revocation of the signer's certificate, with revocation data *required*;
3. revocation of the CA certificates in the path, with data *required*.

Pass 1 also checks what path validation leaves out: the validity dates of the
trust anchor (:func:`runtime.signatures.anchors.path_problem`) and whether the
signer *is* a configured root, which only the deployment's policy allows
(``TrustStore.self_signed_signers``). An expired certificate is still checked
for revocation (at the end of its validity), so a revoked certificate is
reported as revoked whatever order the facts were found in.

Splitting 2 and 3 keeps a revoked signer certificate from being reported as
"no data" just because the CA's own CRL is missing. The passes run only when
something is wrong: first, one validation asks for everything at once (a path,
revocation data saying "good" for every certificate, the key usage, valid
anchors), and when all of it holds that is the answer (the case of nearly every
file, in a third of the time). When a required pass fails
for lack of (fresh) data, the result is ``Revocation.UNKNOWN`` with the reason.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime

from asn1crypto import x509
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    InvalidCertificateError,
    NotYetValidError,
    PathBuildingError,
    RevokedError,
    ValidationError,
)
from pyhanko_certvalidator.policy_decl import RevocationCheckingRule

from runtime.signatures.anchors import path_problem
from runtime.signatures.evidence import Evidence
from runtime.signatures.report import ChainStatus, Revocation
from runtime.signatures.trust import NO_REVOCATION, TrustStore, revocation_policy

#: Signing certificates must allow digital signatures or non-repudiation.
SIGNER_KEY_USAGE = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"},
                                       match_all_key_usages=False)

_REQUIRED = RevocationCheckingRule.CRL_OR_OCSP_REQUIRED
_SKIP = RevocationCheckingRule.NO_CHECK
_SIGNER_REVOCATION = revocation_policy(_REQUIRED, _SKIP)
#: For an expired certificate: CRLs issued after its expiry still tell whether it was revoked.
_SIGNER_REVOCATION_AFTER_EXPIRY = replace(_SIGNER_REVOCATION, retroactive_revinfo=True)
_CA_REVOCATION = revocation_policy(_SKIP, _REQUIRED)
#: The common case in one pass: a path to a root with revocation data for every certificate in it.
_ALL_REVOCATION = revocation_policy(_REQUIRED, _REQUIRED)


@dataclass(frozen=True)
class ChainResult:
    """Outcome of :func:`check_chain`."""

    status: ChainStatus
    detail: str = ""
    revocation: Revocation = Revocation.NOT_CHECKED
    revocation_detail: str = ""
    revoked_at: datetime | None = None


async def _validate(cert: x509.Certificate, trust: TrustStore, evidence: Evidence,
                    moment: datetime, policy: object) -> list[x509.Certificate]:
    context = trust.validation_context(moment, revinfo_policy=policy,  # type: ignore[arg-type]
                                       other_certs=evidence.certs, crls=evidence.crls,
                                       ocsps=evidence.ocsps)
    path = await CertificateValidator(cert, validation_context=context).async_validate_path()
    return list(path.iter_certs(include_root=True))


def _self_signed_problem(cert: x509.Certificate, trust: TrustStore) -> str:
    """Why a signer certificate that is itself a trust root is refused ('' if allowed)."""
    if not trust.is_root(cert):
        return ""
    if not trust.self_signed_signers:
        return ("the signer's certificate is itself a trust root (self-signed); "
                "the deployment's policy does not accept self-signed signers")
    usage = set(cert.key_usage_value.native) if cert.key_usage_value is not None else set()
    if not usage & set(trust.self_signed_key_usage):
        return (f"self-signed signer certificate's key usage allows {sorted(usage) or 'no key usage'}; "
                f"policy requires one of {sorted(trust.self_signed_key_usage)}")
    return ""


async def _revocation(cert: x509.Certificate, trust: TrustStore, evidence: Evidence,
                      moment: datetime, policy: object, whose: str,
                      ) -> tuple[Revocation, str, datetime | None]:
    try:
        await _validate(cert, trust, evidence, moment, policy)
    except RevokedError as exc:
        return Revocation.REVOKED, exc.failure_msg, exc.revocation_dt
    except InsufficientRevinfoError as exc:
        return Revocation.UNKNOWN, f"{whose}: {exc.failure_msg}", None
    except (ValidationError, PathBuildingError, ValueError) as exc:
        return Revocation.UNKNOWN, f"{whose}: {exc}", None
    return Revocation.GOOD, "", None


async def _all_good(cert: x509.Certificate, trust: TrustStore, evidence: Evidence, moment: datetime,
                    key_usage: KeyUsageConstraints | None) -> ChainResult | None:
    """The result when everything holds (a path to a root, valid anchors, the key usage, revocation data
    saying "good" for every certificate), found in one validation; ``None`` when anything does not
    hold: then the three passes below find what, each with its own explanation."""
    try:
        path = await _validate(cert, trust, evidence, moment, _ALL_REVOCATION)
        if key_usage is not None and not trust.is_root(cert):
            key_usage.validate(cert)
    except Exception:  # whatever failed, the passes below find it and explain it
        return None
    if path_problem(path, moment):
        return None
    return ChainResult(ChainStatus.TRUSTED, "", Revocation.GOOD, "checked against CRL/OCSP data")


async def _check(cert: x509.Certificate, trust: TrustStore, evidence: Evidence,
                 moment: datetime, key_usage: KeyUsageConstraints | None) -> ChainResult:
    self_signed = _self_signed_problem(cert, trust)
    if self_signed:
        return ChainResult(ChainStatus.UNTRUSTED, self_signed)
    good = await _all_good(cert, trust, evidence, moment, key_usage)
    if good is not None:
        return good
    try:
        path = await _validate(cert, trust, evidence, moment, NO_REVOCATION)
        if key_usage is not None and not trust.is_root(cert):
            key_usage.validate(cert)
    except ExpiredError as exc:
        return await _expired(cert, trust, evidence, exc.failure_msg)
    except NotYetValidError as exc:
        return ChainResult(ChainStatus.NOT_YET_VALID, exc.failure_msg)
    except PathBuildingError as exc:
        return ChainResult(ChainStatus.UNTRUSTED, f"no path to a trust root: {exc}")
    except InvalidCertificateError as exc:
        return ChainResult(ChainStatus.UNTRUSTED, exc.failure_msg)
    except ValidationError as exc:
        return ChainResult(ChainStatus.UNTRUSTED, getattr(exc, "failure_msg", str(exc)))
    except ValueError as exc:  # malformed certificate content
        return ChainResult(ChainStatus.UNTRUSTED, f"certificate could not be processed: {exc}")
    anchor = path_problem(path, moment)
    if anchor:
        status = ChainStatus.EXPIRED if "expired" in anchor else ChainStatus.NOT_YET_VALID
        return ChainResult(status, anchor)

    signer = await _revocation(cert, trust, evidence, moment, _SIGNER_REVOCATION,
                               "signer certificate")
    ca = await _revocation(cert, trust, evidence, moment, _CA_REVOCATION, "CA certificate")
    for state in (Revocation.REVOKED, Revocation.UNKNOWN):
        hit = next((r for r in (signer, ca) if r[0] is state), None)
        if hit is not None:
            status = ChainStatus.REVOKED if state is Revocation.REVOKED else ChainStatus.TRUSTED
            return ChainResult(status, hit[1] if state is Revocation.REVOKED else "",
                               state, hit[1], hit[2])
    return ChainResult(ChainStatus.TRUSTED, "", Revocation.GOOD,
                       "checked against CRL/OCSP data")


async def _expired(cert: x509.Certificate, trust: TrustStore, evidence: Evidence,
                   detail: str) -> ChainResult:
    """An expired chain, unless the certificate was revoked while it was still valid."""
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    # CRLs issued after the certificate expired still say whether it was revoked before.
    state, why, when = await _revocation(cert, trust, evidence, not_after,
                                         _SIGNER_REVOCATION_AFTER_EXPIRY, "signer certificate")
    if state is Revocation.REVOKED:
        return ChainResult(ChainStatus.REVOKED, why, state, why, when)
    return ChainResult(ChainStatus.EXPIRED, detail)


def check_chain(cert: x509.Certificate, trust: TrustStore, moment: datetime,
                evidence: Evidence | None = None,
                key_usage: KeyUsageConstraints | None = SIGNER_KEY_USAGE) -> ChainResult:
    """Validate ``cert`` to ``trust`` at ``moment`` and assess its revocation status.

    ``key_usage`` is checked on ``cert`` (pass ``None`` for timestamp authorities,
    whose certificates are constrained by extended key usage instead).
    """
    return asyncio.run(_check(cert, trust, evidence or Evidence(), moment, key_usage))
