"""Signing issued documents with the agency's certificate (pyHanko)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

from ..agencies import Agency


class AgencySigner(Protocol):
    """Signs a PDF on behalf of an agency."""

    def sign(self, pdf: bytes, agency: Agency, reason: str) -> bytes: ...


class DemoAgencySigner:
    """Signs with certificates issued by the demo CA (development and demonstrations).

    A deployment replaces it with one that uses the agency's real certificate
    (an HSM or a signing service) behind the same interface.
    """

    def __init__(self, ca_dir: str | Path):
        self.ca_dir = Path(ca_dir)
        self._ca = None

    @property
    def ca(self):
        if self._ca is None:
            from ..signatures.demo_ca import DemoCA

            self._ca = DemoCA.open(self.ca_dir)
        return self._ca

    @staticmethod
    def demo_tax_code(agency: Agency) -> str:
        """A stable 10-digit demo tax code derived from the agency code."""
        digest = int(hashlib.sha256(agency.code.encode()).hexdigest(), 16)
        return f"03{digest % 10**8:08d}"

    def sign(self, pdf: bytes, agency: Agency, reason: str) -> bytes:
        from ..signatures.demo_ca import sign_pdf

        credentials = self.ca.issue_organisation(agency.name_vi, self.demo_tax_code(agency), agency.code)
        return sign_pdf(pdf, credentials, reason=reason, location=agency.name_vi, certify=True, docmdp=1)
