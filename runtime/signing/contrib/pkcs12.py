"""The agency signer from PKCS#12 files (``.p12``/``.pfx``, as CAs issue organisation certificates).

``MOTCUA_SIGNER_PKCS12`` names one file (every agency signs with it) or a
directory holding ``<agency code>.p12`` per agency and optionally
``default.p12``; ``MOTCUA_SIGNER_PASSPHRASE`` unlocks them.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...agencies import Agency
from ...plugins import PluginError
from ..pdf import certify_pdf


class Pkcs12AgencySigner:
    def __init__(self, path: str | Path, passphrase: str | None = None):
        self.path = Path(path)
        if not self.path.exists():
            raise PluginError(f"MOTCUA_SIGNER_PKCS12: {self.path} does not exist")
        self._passphrase = passphrase.encode() if passphrase else None
        self._signers: dict[Path, Any] = {}
        self._lock = threading.Lock()

    def _file_for(self, agency: Agency) -> Path:
        if self.path.is_file():
            return self.path
        for name in (f"{agency.code}.p12", f"{agency.code}.pfx", "default.p12", "default.pfx"):
            if (self.path / name).is_file():
                return self.path / name
        raise LookupError(f"no certificate for agency {agency.code} in {self.path} (nor default.p12)")

    def _signer(self, file: Path) -> Any:
        with self._lock:
            if file not in self._signers:
                from pyhanko.sign import signers

                loaded = signers.SimpleSigner.load_pkcs12(str(file), passphrase=self._passphrase)
                if loaded is None:
                    raise PluginError(f"{file}: cannot read the PKCS#12 file (wrong passphrase?)")
                self._signers[file] = loaded
            return self._signers[file]

    def sign(self, pdf: bytes, agency: Agency, reason: str) -> bytes:
        return certify_pdf(pdf, self._signer(self._file_for(agency)), reason=reason, location=agency.name_vi)


def build(config: Mapping[str, Any]) -> Pkcs12AgencySigner:
    path = config.get("MOTCUA_SIGNER_PKCS12")
    if not path:
        raise PluginError("MOTCUA_SIGNER is 'pkcs12' but MOTCUA_SIGNER_PKCS12 (a .p12 file or directory) is not set")
    return Pkcs12AgencySigner(path, config.get("MOTCUA_SIGNER_PASSPHRASE"))
