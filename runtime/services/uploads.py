"""Attaching a file to a draft's component: checked on upload, stored only when acceptable.

The media type comes from the content (never the file name), size and count
limits come from the component, PDFs are parsed in the bounded sandbox and
their signatures verified against the component's policy. A refused file is
not stored and the citizen gets one clear sentence why.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..definitions.model import Component
from ..dossiers.model import ComponentFiles, Dossier, StoredFile
from ..signatures.kinds import SignaturePolicy
from .context import Services

_MAGIC = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
_TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


@dataclass(frozen=True)
class UploadRefused(Exception):
    key: str
    message_vi: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi


def detect_media_type(data: bytes) -> str | None:
    head = data[:1024]
    start = head.find(b"%PDF-")
    if 0 <= start < 1024:
        return "application/pdf"
    return next((media for magic, media in _MAGIC if head.startswith(magic)), None)


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "tep-dinh-kem"
    return name[:120]


def size_limit(component: Component) -> int:
    """The largest file the component takes, in bytes."""
    return int(component.max_size_mb * 1024 * 1024)


def signature_policy(component: Component) -> SignaturePolicy:
    """What the component requires of a PDF's signatures."""
    rules = component.signature
    return SignaturePolicy(required=rules.required, signer=rules.signer or "trusted",
                           refuse_launch=rules.refuse_launch, refuse_executables=rules.refuse_executables,
                           refuse_javascript=rules.refuse_javascript)


def check_upload(services: Services, component: Component, name: str, data: bytes,
                 applicant_ids: set[str]) -> StoredFile:
    """Verify one file for ``component``; store it and return its record, or raise :class:`UploadRefused`."""
    from ..signatures import verify_pdf

    limit = size_limit(component)
    if not data:
        raise UploadRefused("file.empty", "Tệp tải lên không có nội dung.", "The file is empty.")
    if len(data) > limit:
        raise UploadRefused("file.too_large", f"Tệp lớn hơn {component.max_size_mb:g} MB. Vui lòng chọn tệp nhỏ hơn.",
                            f"The file is larger than {component.max_size_mb:g} MB. Choose a smaller file.")
    media_type = detect_media_type(data)
    if media_type is None or media_type not in component.media_types:
        allowed = ", ".join(_TYPE_NAMES[m] for m in component.media_types)
        raise UploadRefused("file.type", f"Tệp phải là {allowed}. Tệp đã chọn không phải định dạng này.",
                            f"The file must be {allowed}; the chosen file is not.")
    pages = None
    verification = None
    if media_type == "application/pdf":
        report = verify_pdf(data, signature_policy(component), services.trust, applicant_ids=applicant_ids)
        if not report.inspection.readable or not report.accepted:
            raise UploadRefused(f"signature.{report.verdict.value}", report.citizen_message("vi"),
                                report.citizen_message("en"))
        pages = report.inspection.page_count
        verification = report.to_dict()
    sha256 = services.attachments.put(data, max_size=limit)
    return StoredFile(sha256=sha256, name=_clean_name(name), media_type=media_type, size=len(data), pages=pages,
                      verification=verification, uploaded_at=services.now())


def attach(dossier: Dossier, component: Component, stored: StoredFile) -> None:
    """Add a checked file to the dossier's component (refusing more than the component allows)."""
    entry = next((c for c in dossier.components if c.component_id == component.id), None)
    if entry is None:
        entry = ComponentFiles(component_id=component.id, files=[])
        dossier.components.append(entry)
    if any(f.sha256 == stored.sha256 for f in entry.files):
        return
    if len(entry.files) >= component.max_files:
        raise UploadRefused("file.count", f"Thành phần này chỉ nhận tối đa {component.max_files} tệp.",
                            f"This document takes at most {component.max_files} file(s).")
    entry.files.append(stored)


def detach(dossier: Dossier, component_id: str, sha256: str) -> bool:
    for entry in dossier.components:
        if entry.component_id == component_id:
            before = len(entry.files)
            entry.files = [f for f in entry.files if f.sha256 != sha256]
            return len(entry.files) != before
    return False
