"""Which agency signer signs issued documents (``MOTCUA_SIGNER``) and which roots are trusted (``MOTCUA_TRUST``).

Signer: ``"demo"`` (the default; refused in production), ``"pkcs12"`` (see :mod:`.contrib.pkcs12`),
``"pkcs11"`` (a token or HSM, see :mod:`.contrib.pkcs11`) or ``"package.module:factory"`` (a signing
service of your own).
Trust: ``"demo"`` (the demo CA plus ``MOTCUA_TRUST_DIR``; the default while the
signer is the demo; refused in production) or ``"directory"`` (``MOTCUA_TRUST_DIR`` only).
"""

from __future__ import annotations

from typing import Any

from ..plugins import Registry

SIGNERS: Registry[Any] = Registry("agency signer", "MOTCUA_SIGNER", default="demo")
SIGNERS.register("demo", "runtime.signing.contrib.demo:build_signer", demo=True,
                 description="certificates issued by the demo CA")
SIGNERS.register("pkcs12", "runtime.signing.contrib.pkcs12:build", description="PKCS#12 files per agency")
SIGNERS.register("pkcs11", "runtime.signing.contrib.pkcs11:build",
                 description="keys on a PKCS#11 token or HSM (MOTCUA_SIGNER_PKCS11_*)")

TRUST: Registry[Any] = Registry(
    "signature trust", "MOTCUA_TRUST",
    default=lambda config: "demo" if SIGNERS.plugin(config).demo or not config.get("MOTCUA_TRUST_DIR") else "directory")
TRUST.register("demo", "runtime.signing.contrib.demo:build_trust", demo=True,
               description="the demo CA, plus MOTCUA_TRUST_DIR")
TRUST.register("directory", "runtime.signing.contrib.directory:build",
               description="CA certificates and CRLs in MOTCUA_TRUST_DIR")
