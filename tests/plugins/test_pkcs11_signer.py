"""The agency signer on a PKCS#11 token, against SoftHSM (Debian's ``softhsm2``; ``./dev test`` installs it).

One SoftHSM configuration for the module: a PKCS#11 library reads it once per process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from runtime.agencies import load_directory
from runtime.demo import DEMO_DIR
from runtime.plugins import PluginError
from runtime.production import production_problems
from runtime.signing.registry import SIGNERS

MODULE = next((path for path in ("/usr/lib/softhsm/libsofthsm2.so",
                                 "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                                 "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so") if os.path.isfile(path)), None)
TOKEN, PIN = "motcua-test", "246810"

needs_softhsm = pytest.mark.skipif(
    MODULE is None or shutil.which("softhsm2-util") is None,
    reason="SoftHSM is not installed (Debian package softhsm2; ./dev test installs it when it can)")


def _agencies():
    return list(load_directory(DEMO_DIR / "agencies.json"))


def _import(session, credentials, label: str, key_id: bytes) -> None:
    """Put an agency's key and certificate on the token (as a CA's tool would), and the CA chain."""
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.util.ec import decode_ec_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    key = serialization.load_pem_private_key(credentials.key_pem, None)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption())
    session.create_object({**decode_ec_private_key(der), Attribute.TOKEN: True, Attribute.PRIVATE: True,
                           Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False, Attribute.SIGN: True,
                           Attribute.LABEL: label, Attribute.ID: key_id, Attribute.CLASS: ObjectClass.PRIVATE_KEY})
    for n, pem in enumerate((credentials.cert_pem, *credentials.chain_pems)):
        cert = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
        session.create_object({**decode_x509_certificate(cert), Attribute.TOKEN: True,
                               Attribute.LABEL: label if n == 0 else f"{label}-ca-{n}",
                               Attribute.ID: key_id if n == 0 else key_id + bytes([n])})


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    from runtime.signatures.demo_ca import DemoCA

    return DemoCA.open(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def token(tmp_path_factory, ca):
    """A SoftHSM token holding one agency's key (label ``agency-<code>``) and its CA chain."""
    pytest.importorskip("pkcs11", reason="python-pkcs11 (the pkcs11 extra) is not installed")
    import pkcs11

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(conf))
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN,
                        "--so-pin", "13579"], check=True, capture_output=True)
        agency = _agencies()[0]
        with pkcs11.lib(MODULE).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
            _import(session, ca.issue_organisation(agency.name_vi, "0312345678", agency.code),
                    f"agency-{agency.code}", b"\x01")
        yield {"MOTCUA_SIGNER": "pkcs11", "MOTCUA_SIGNER_PKCS11_MODULE": MODULE,
               "MOTCUA_SIGNER_PKCS11_TOKEN": TOKEN, "MOTCUA_SIGNER_PKCS11_PIN": PIN,
               "MOTCUA_SIGNER_PKCS11_KEY_LABEL": "agency-{agency}"}


@pytest.fixture
def signer(token):
    built = SIGNERS.build(token)
    yield built
    built.close()


@needs_softhsm
def test_pkcs11_signer_issues_a_certified_pdf_that_verifies_when_its_ca_is_trusted(signer, ca):
    from runtime.signatures import SignaturePolicy, verify_pdf
    from tests.services.conftest import one_page_pdf

    agency = _agencies()[0]
    signed = signer.sign(one_page_pdf(), agency, "Trả kết quả")
    report = verify_pdf(signed, SignaturePolicy(required=True, signer="organisation"), ca.trust_store())
    assert report.accepted
    assert b"/DocMDP" in signed  # a certification signature: no later changes allowed


@needs_softhsm
def test_pkcs11_signer_signs_again_with_the_same_session_when_asked_twice(signer):
    from tests.services.conftest import one_page_pdf

    agency = _agencies()[0]
    first, second = (signer.sign(one_page_pdf(), agency, "Tiếp nhận hồ sơ") for _ in range(2))
    assert first != second and first.startswith(b"%PDF") and second.startswith(b"%PDF")


@needs_softhsm
def test_pkcs11_signer_names_the_missing_label_when_the_agency_has_no_key_on_the_token(signer):
    from tests.services.conftest import one_page_pdf

    other = _agencies()[1]
    with pytest.raises(LookupError, match=f"agency-{other.code}"):
        signer.sign(one_page_pdf(), other, "Tiếp nhận hồ sơ")


@needs_softhsm
def test_pkcs11_signer_is_refused_with_a_clear_message_when_the_pin_is_wrong(token):
    from tests.services.conftest import one_page_pdf

    signer = SIGNERS.build({**token, "MOTCUA_SIGNER_PKCS11_PIN": "000000"})
    with pytest.raises(PluginError, match=f"token {TOKEN!r}.*cannot open a session.*PinIncorrect"):
        signer.sign(one_page_pdf(), _agencies()[0], "Tiếp nhận hồ sơ")


def test_pkcs11_signer_is_refused_when_a_setting_is_missing():
    with pytest.raises(PluginError, match="MOTCUA_SIGNER_PKCS11_TOKEN, MOTCUA_SIGNER_PKCS11_PIN"):
        SIGNERS.build({"MOTCUA_SIGNER": "pkcs11", "MOTCUA_SIGNER_PKCS11_MODULE": "/usr/lib/x.so",
                       "MOTCUA_SIGNER_PKCS11_KEY_LABEL": "agency"})


def test_pkcs11_signer_is_refused_when_the_module_does_not_exist(tmp_path):
    pytest.importorskip("pkcs11", reason="python-pkcs11 (the pkcs11 extra) is not installed")
    with pytest.raises(PluginError, match="does not exist"):
        SIGNERS.build({"MOTCUA_SIGNER": "pkcs11", "MOTCUA_SIGNER_PKCS11_MODULE": str(tmp_path / "none.so"),
                       "MOTCUA_SIGNER_PKCS11_TOKEN": TOKEN, "MOTCUA_SIGNER_PKCS11_PIN": PIN,
                       "MOTCUA_SIGNER_PKCS11_KEY_LABEL": "agency"})


def test_pkcs11_signer_is_a_real_backend_accepted_in_production():
    from tests.plugins.test_registry import REAL

    assert SIGNERS.plugin({"MOTCUA_SIGNER": "pkcs11"}).demo is False
    assert production_problems({**REAL, "MOTCUA_SIGNER": "pkcs11"}) == []


def test_pkcs11_module_path_is_a_file_the_tests_know_when_softhsm_is_installed():
    if shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM is not installed (Debian package softhsm2)")
    assert MODULE is not None and Path(MODULE).is_file()
