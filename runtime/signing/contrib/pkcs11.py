"""The agency signer on a PKCS#11 token: an HSM, a USB token of a licensed CA, or SoftHSM.

The key never leaves the token; pyHanko (:mod:`pyhanko.sign.pkcs11`, through
python-pkcs11: install the ``pkcs11`` extra) asks the token to sign. Settings:

- ``MOTCUA_SIGNER_PKCS11_MODULE``: path of the vendor's PKCS#11 library
  (SoftHSM: ``/usr/lib/softhsm/libsofthsm2.so``);
- ``MOTCUA_SIGNER_PKCS11_TOKEN``: the token's label;
- ``MOTCUA_SIGNER_PKCS11_PIN``: the user PIN (a secret: from the environment,
  never a file in the repository);
- ``MOTCUA_SIGNER_PKCS11_KEY_LABEL``: the label of the private key; ``{agency}``
  in it is replaced by the agency code, so one token can hold a key per agency;
- ``MOTCUA_SIGNER_PKCS11_CERT_LABEL``: the label of its certificate (default:
  the key's label, as ``pkcs11-tool`` and most CA tools store them);
- ``MOTCUA_SIGNER_PKCS11_RAW``: ``true`` (the default) hashes on the server and
  has the token sign the digest (``CKM_ECDSA``, ``CKM_RSA_PKCS``: the mechanisms
  every token has; SoftHSM has no ``CKM_ECDSA_SHA256``); ``false`` lets the
  token hash the data itself.

Every certificate on the token is embedded in the signature, so store the
issuing CA's chain on the token beside the agency's certificate.

The session is opened on first use in each process (PKCS#11 libraries do not
survive a fork, and gunicorn forks its workers after building the app), and
one signature at a time goes through it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

from ...agencies import Agency
from ...plugins import PluginError
from ..pdf import certify_pdf

SETTINGS = ("MOTCUA_SIGNER_PKCS11_MODULE", "MOTCUA_SIGNER_PKCS11_TOKEN", "MOTCUA_SIGNER_PKCS11_PIN",
            "MOTCUA_SIGNER_PKCS11_KEY_LABEL")


class Pkcs11AgencySigner:
    def __init__(self, module: str, token: str, pin: str, key_label: str, cert_label: str | None = None, *,
                 raw: bool = True):
        if not os.path.isfile(module):
            raise PluginError(f"MOTCUA_SIGNER_PKCS11_MODULE: {module} does not exist")
        self.module, self.token, self.key_label = module, token, key_label
        self.cert_label = cert_label or key_label
        self._pin, self.raw = pin, raw
        self._session: Any = None
        self._pid: int | None = None
        self._signers: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _open(self) -> Any:
        """This process's session with the token (opened again after a fork)."""
        if self._session is None or self._pid != os.getpid():
            from pkcs11 import PKCS11Error, UserAlreadyLoggedIn
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign.pkcs11 import open_pkcs11_session

            criteria = TokenCriteria(label=self.token)
            try:
                try:
                    self._session = open_pkcs11_session(self.module, token_criteria=criteria, user_pin=self._pin)
                except UserAlreadyLoggedIn:  # a login is per process: another session of ours holds it
                    self._session = open_pkcs11_session(self.module, token_criteria=criteria)
            except (PKCS11Error, OSError, RuntimeError) as exc:  # pyHanko's PKCS11Error is a RuntimeError
                raise PluginError(f"PKCS#11 token {self.token!r} in {self.module}: cannot open a session "
                                  f"({type(exc).__name__}: {exc})") from exc
            self._pid, self._signers = os.getpid(), {}
        return self._session

    def _signer(self, agency: Agency) -> Any:
        from pyhanko.sign.pkcs11 import PKCS11Signer

        session = self._open()
        key_label = self.key_label.replace("{agency}", agency.code)
        if key_label not in self._signers:
            signer = PKCS11Signer(session, key_label=key_label,
                                  cert_label=self.cert_label.replace("{agency}", agency.code),
                                  other_certs_to_pull=None,  # the chain stored on the token
                                  use_raw_mechanism=self.raw)
            try:
                signer.signing_cert  # noqa: B018 - loads key and certificate now, to report a wrong label clearly
            except Exception as exc:  # PKCS#11 errors are not one class: name the label that failed
                raise LookupError(f"PKCS#11 token {self.token!r}: no key and certificate labelled {key_label!r} "
                                  f"for agency {agency.code} ({type(exc).__name__}: {exc})") from exc
            self._signers[key_label] = signer
        return self._signers[key_label]

    def sign(self, pdf: bytes, agency: Agency, reason: str) -> bytes:
        with self._lock:
            return certify_pdf(pdf, self._signer(agency), reason=reason, location=agency.name_vi)

    def close(self) -> None:
        with self._lock:
            if self._session is not None and self._pid == os.getpid():
                self._session.close()
            self._session, self._signers = None, {}


def build(config: Mapping[str, Any]) -> Pkcs11AgencySigner:
    missing = [name for name in SETTINGS if not config.get(name)]
    if missing:
        raise PluginError(f"MOTCUA_SIGNER is 'pkcs11' but {', '.join(missing)} is not set")
    try:
        import pkcs11  # noqa: F401 - python-pkcs11, pyHanko's PKCS#11 layer
    except ImportError as exc:
        raise PluginError("MOTCUA_SIGNER is 'pkcs11' but python-pkcs11 is not installed "
                          "(pip install 'motcua[pkcs11]')") from exc
    return Pkcs11AgencySigner(str(config["MOTCUA_SIGNER_PKCS11_MODULE"]), str(config["MOTCUA_SIGNER_PKCS11_TOKEN"]),
                              str(config["MOTCUA_SIGNER_PKCS11_PIN"]), str(config["MOTCUA_SIGNER_PKCS11_KEY_LABEL"]),
                              config.get("MOTCUA_SIGNER_PKCS11_CERT_LABEL"),
                              raw=config.get("MOTCUA_SIGNER_PKCS11_RAW", True) not in (False, "false", "0", 0))
