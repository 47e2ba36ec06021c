"""The demo CA, sign_pdf for organisations, and the ``motcua demo`` commands."""

from __future__ import annotations

import click
from click.testing import CliRunner

from builder.commands import demo as demo_commands
from runtime.signatures.demo_ca import DemoCA, sign_pdf
from runtime.signatures.report import SignaturePolicy, Verdict
from runtime.signatures.trust import TrustStore

from .pki import AT


def _cli() -> click.Group:
    @click.group()
    def cli() -> None:
        """Test CLI."""

    demo_commands.register(cli)
    return cli


def test_demo_ca_is_reused_when_opened_twice(tmp_path):
    first, second = DemoCA.open(tmp_path), DemoCA.open(tmp_path)
    assert first.root.cert_pem == second.root.cert_pem
    assert first.issue_person("001234567890", "Nguyễn Văn A") == \
        second.issue_person("001234567890", "Nguyễn Văn A")


def test_demo_signature_is_valid_when_demo_ca_is_trusted(tmp_path, verify, one_page):
    ca = DemoCA.open(tmp_path)
    signed = sign_pdf(one_page, ca.issue_person("001234567890", "Nguyễn Văn A"))
    report = verify(signed, trust=ca.trust_store(), at=None)
    assert report.verdict is Verdict.VALID, report.reasons


def test_agency_receipt_is_valid_when_signed_by_organisation(tmp_path, verify, one_page):
    ca = DemoCA.open(tmp_path)
    agency = ca.issue_organisation("UBND Phường Bến Nghé", "0301234567", "H29.01.001")
    receipt = sign_pdf(one_page, agency, reason="Biên nhận hồ sơ")
    report = verify(receipt, policy=SignaturePolicy(required=True, signer="organisation"),
                    trust=ca.trust_store(), at=None)
    assert report.verdict is Verdict.VALID
    signer = report.signatures[0].signer
    assert signer.tax_codes == ("0301234567",)
    assert "MDD:H29.01.001" in signer.other_ids


def test_demo_signature_is_untrusted_when_demo_ca_is_not_configured(tmp_path, verify, one_page):
    ca = DemoCA.open(tmp_path)
    signed = sign_pdf(one_page, ca.issue_person("001234567890", "Nguyễn Văn A"))
    assert verify(signed, at=AT).verdict is Verdict.INVALID


def test_demo_commands_sign_and_export_root_when_run(tmp_path, verify, one_page):
    source = tmp_path / "don.pdf"
    source.write_bytes(one_page)
    runner = CliRunner()
    ca_dir, trust_dir = tmp_path / "ca", tmp_path / "trust"
    signed = runner.invoke(_cli(), ["demo", "sign", str(source), "--as", "001234567890",
                                    "--name", "Nguyễn Văn A", "--ca-dir", str(ca_dir)])
    assert signed.exit_code == 0, signed.output
    exported = runner.invoke(_cli(), ["demo", "ca", "--dir", str(trust_dir),
                                      "--ca-dir", str(ca_dir)])
    assert exported.exit_code == 0, exported.output
    report = verify((tmp_path / "don-signed.pdf").read_bytes(),
                    trust=TrustStore.from_directory(trust_dir), at=None)
    assert report.verdict is Verdict.VALID


def test_demo_sign_refuses_when_personal_id_is_not_12_digits(tmp_path, one_page):
    source = tmp_path / "don.pdf"
    source.write_bytes(one_page)
    result = CliRunner().invoke(_cli(), ["demo", "sign", str(source), "--as", "12345",
                                         "--ca-dir", str(tmp_path / "ca")])
    assert result.exit_code != 0 and "12-digit" in result.output


def test_demo_signers_are_reissued_when_the_ca_is_recreated(tmp_path, verify, one_page):
    old = DemoCA.open(tmp_path).issue_person("001234567890", "Nguyễn Văn A")
    for stem in ("root", "intermediate"):
        (tmp_path / f"{stem}.pem").unlink()
    ca = DemoCA.open(tmp_path)
    new = ca.issue_person("001234567890", "Nguyễn Văn A")
    assert new.cert_pem != old.cert_pem
    report = verify(sign_pdf(one_page, new), trust=ca.trust_store(), at=None)
    assert report.verdict is Verdict.VALID


def test_demo_ca_reads_credentials_again_when_another_process_reissues_them(tmp_path):
    ca = DemoCA.open(tmp_path)
    first = ca.issue_organisation("UBND Phường Bến Nghé", "0301234567", "H29.01.001")
    assert ca.issue_organisation("UBND Phường Bến Nghé", "0301234567", "H29.01.001") is first  # kept in memory
    for file in (tmp_path / "signers").iterdir():
        file.unlink()
    reissued = DemoCA.open(tmp_path).issue_organisation("UBND Phường Bến Nghé", "0301234567", "H29.01.001")
    assert reissued.cert_pem != first.cert_pem
    assert ca.issue_organisation("UBND Phường Bến Nghé", "0301234567", "H29.01.001") == reissued


def _signature(signed: bytes):
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(BytesIO(signed)).embedded_signatures[-1]


def _pyhanko_default(data: bytes, credentials) -> bytes:
    """Signed by pyHanko itself, as sign_pdf did before: a fresh signer, its own attributes and size estimate."""
    from io import BytesIO

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from runtime.signatures.demo_ca import _pyhanko_signer

    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha256", certify=True,
                                        docmdp_permissions=fields.MDPPerm(1),
                                        subfilter=fields.SigSeedSubFilter.PADES)
    return signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(data)), meta,
                            signer=_pyhanko_signer.__wrapped__(credentials)).getvalue()


def _reserved(signed: bytes) -> int:
    return len(_signature(signed).sig_object["/Contents"])


def _cms(signed: bytes) -> tuple:
    """The signature's CMS but for what differs between any two signatures (document digest, ECDSA value)."""
    signature = _signature(signed)
    info = signature.signer_info
    attributes = [(a["type"].native, None if a["type"].native == "message_digest" else a.dump())
                  for a in info["signed_attrs"]]
    return (attributes, [c.dump() for c in signature.signed_data["certificates"]], info["sid"].dump(),
            info["digest_algorithm"].dump(), info["signature_algorithm"].dump())


def test_repeated_signatures_carry_what_pyhanko_gives_one_and_verify(tmp_path, verify, one_page):
    ca = DemoCA.open(tmp_path)
    agency = ca.issue_organisation("UBND Phường Bến Nghé", "0301234567", "H29.01.001")
    first, second = (sign_pdf(one_page, agency, reason="Biên nhận hồ sơ", certify=True, docmdp=1)
                     for _ in range(2))
    pyhanko = _pyhanko_default(one_page, agency)
    assert _cms(second) == _cms(first) == _cms(pyhanko)  # signing-certificate-v2 encoded once, the same value
    assert [t for t, _ in _cms(second)[0]] == ["content_type", "message_digest", "signing_certificate_v2"]
    assert _reserved(second) == _reserved(first)  # sized once per signer
    # pyHanko sizes by a dry-run signature; ECDSA signatures differ by a few bytes in length, so do its estimates
    assert abs(_reserved(first) - _reserved(pyhanko)) <= 8
    for signed in (first, second):
        report = verify(signed, policy=SignaturePolicy(required=True, signer="organisation"),
                        trust=ca.trust_store(), at=None)
        assert report.verdict is Verdict.VALID, report.reasons
