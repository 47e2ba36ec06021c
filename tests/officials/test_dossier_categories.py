"""Issue 14: officials see the category of a file's problem and its active content."""

from __future__ import annotations

from runtime.dossiers.model import StoredFile
from runtime.signatures import SignaturePolicy, verify_pdf
from tests.signatures.pdfs import javascript_pdf

from .conftest import RECEIVER, change, file_dossier, log_in


def test_dossier_page_flags_active_content_when_a_file_carries_javascript(services, client):
    filed = file_dossier(services)
    pdf = javascript_pdf()
    report = verify_pdf(pdf, SignaturePolicy(required=False, signer="trusted"), services.trust)
    assert report.accepted and report.category == "active_content"
    flagged = StoredFile(sha256=services.attachments.put(pdf), name="co-ma-lenh.pdf",
                         media_type="application/pdf", size=len(pdf), pages=1,
                         verification=report.to_dict())
    with services.store.unit_of_work() as uow:
        components = uow.dossiers.get(filed.id).components
    components[0].files.append(flagged)
    change(services, filed.id, components=components)
    log_in(client, RECEIVER)
    client.get("/officials/?lang=en")
    page = client.get(f"/officials/dossiers/{filed.id}").get_data(as_text=True)
    assert 'data-category="active_content"' in page and "Active content" in page
    assert "The PDF contains JavaScript." in page
