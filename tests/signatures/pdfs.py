"""Generated PDFs for the signature tests (no committed binaries).

:func:`build_pdf` writes a classic-xref PDF from a list of object bodies, so
tests control every byte (active content, hostile nesting, page trees).
The ``tamper_*`` / ``append_*`` helpers alter signed files the way an attacker
or a careless editor would.
"""

from __future__ import annotations

import re
from io import BytesIO

from asn1crypto import cms
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter


def build_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF whose object ``i + 1`` is ``objects[i]``; ``root`` is the catalog number."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text_pdf(pages: int = 1, catalog_extra: bytes = b"", extra_objects: list[bytes] = ()
             ) -> bytes:
    """``pages`` A4 pages of text; catalog is object 1, pages 2, font 3."""
    first_page = 4 + len(extra_objects)
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]
    for i in range(pages):
        content = b"BT /F1 18 Tf 72 760 Td (Don de nghi - trang %d) Tj ET\n" % (i + 1)
        content += b"BT /F1 11 Tf 72 720 Td (Noi dung ho so mau cho kiem thu chu ky so.) Tj ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                       % (first_page + 2 * i + 1))
        objects.append(_stream(content))
    return build_pdf(objects)


def javascript_pdf() -> bytes:
    """A one-page PDF that runs JavaScript when opened."""
    return text_pdf(catalog_extra=b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\);) >>")


def nested_pdf(depth: int = 100_000, kind: str = "array") -> bytes:
    """A PDF whose catalog references an object nested ``depth`` levels deep."""
    opening, closing = (b"[", b"]") if kind == "array" else (b"<< /A ", b" >>")
    body = opening * depth + b"1" + closing * depth
    return text_pdf(catalog_extra=b"/Nested 4 0 R", extra_objects=[body])


def wide_page_tree_pdf(pages: int = 150_000) -> bytes:
    """A PDF with a huge flat page tree: cheap to send, slow to load."""
    kids = b" ".join(b"4 0 R" for _ in range(pages))
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])


def append_content_change(signed: bytes) -> bytes:
    """Incremental update replacing page 1's content (a forgery after signing)."""
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    forged = generic.StreamObject(stream_data=b"BT /F1 18 Tf 72 760 Td (Da sua noi dung) Tj ET")
    page["/Contents"] = writer.add_object(forged)
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def append_annotation(signed: bytes) -> bytes:
    """Incremental update adding a sticky-note annotation to page 1."""
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Text"),
        generic.NameObject("/Rect"): generic.ArrayObject(
            [generic.NumberObject(n) for n in (100, 100, 120, 120)]),
        generic.NameObject("/Contents"): generic.TextStringObject("Ghi chú"),
    })
    annots = page.get("/Annots")
    if annots is None:  # first annotation on the page
        page["/Annots"] = generic.ArrayObject([writer.add_object(note)])
        writer.update_container(page)
    else:  # keep existing ones (e.g. the signature widget)
        annots.append(writer.add_object(note))
        writer.update_container(annots)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


_CONTENTS = re.compile(rb"/Contents\s*<([0-9a-fA-F]+)>")


def tamper_signature_value(signed: bytes, which: int = -1) -> bytes:
    """Flip a bit in the CMS signature value of signature ``which``, keeping the length."""
    match = list(_CONTENTS.finditer(signed))[which]
    hex_blob = match.group(1)
    der = bytes.fromhex(hex_blob.decode())
    info = cms.ContentInfo.load(der)  # non-strict: ignores the zero padding
    original = bytes(info["content"]["signer_infos"][0]["signature"].contents)
    position = der.find(original)
    assert position > 0
    mutated = bytearray(der)
    mutated[position + len(original) - 1] ^= 0x01
    new_hex = bytes(mutated).hex().encode()
    return signed[:match.start(1)] + new_hex + signed[match.end(1):]


def tamper_signed_bytes(signed: bytes, old: bytes, new: bytes) -> bytes:
    """Replace ``old`` by ``new`` (same length) inside the signed byte range."""
    assert len(old) == len(new) and old in signed
    return signed.replace(old, new, 1)


def tamper_byte_range(signed: bytes) -> bytes:
    """Shrink the first range of the (last) /ByteRange so it no longer covers the header."""
    match = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]",
                             signed))[-1]
    start, len1, start2, len2 = (int(g) for g in match.groups())
    new = b"/ByteRange [%d %d %d %d]" % (start + 10, len1 - 10, start2, len2)
    new = new.ljust(len(match.group(0)))
    return signed[:match.start()] + new + signed[match.end():]


def pdf20(prefix: bytes = b"", offsets_from_header: bool = False, info: bytes = b"") -> bytes:
    """A one-page PDF 2.0 file, optionally with ``prefix`` bytes before its header.

    Offsets count from the first byte of the file (as the standard says) unless
    ``offsets_from_header``, as some writers do. ``info`` is the body of a
    ``/Info`` dictionary object (e.g. an unreadable one).
    """
    body = text_pdf(1).replace(b"%PDF-1.7", b"%PDF-2.0", 1)
    if info:
        # an extra object (number 6) and a trailer pointing /Info at it
        body = build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                          b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                          b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                          b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
                          _stream(b"BT /F1 18 Tf 72 760 Td (PDF 2.0) Tj ET"),
                          info]).replace(b"%PDF-1.7", b"%PDF-2.0", 1)
        body = body.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Info 6 0 R >>")
    if not prefix or offsets_from_header:
        return prefix + body
    shifted = re.sub(rb"(?m)^(\d{10}) 00000 n ",
                     lambda m: b"%010d 00000 n " % (int(m.group(1)) + len(prefix)), body)
    xref = int(shifted.rsplit(b"startxref\n", 1)[1].split()[0])
    return prefix + shifted.rsplit(b"startxref\n", 1)[0] + b"startxref\n%d\n%%%%EOF\n" % (
        xref + len(prefix))


def pypdf_20() -> bytes:
    """A PDF 2.0 file written by pypdf (another writer than ours)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.pdf_header = b"%PDF-2.0"
    writer.add_metadata({"/Title": "Giấy tờ PDF 2.0"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def launch_pdf() -> bytes:
    """A one-page PDF whose open action launches a program."""
    return text_pdf(catalog_extra=b"/OpenAction << /S /Launch /F (cmd.exe) >>")


def embedded_exe_pdf() -> bytes:
    """A one-page PDF carrying an embedded Windows program."""
    return text_pdf(catalog_extra=b"/Names << /EmbeddedFiles << /Names [(setup.exe) 4 0 R] >> >>",
                    extra_objects=[
                        b"<< /Type /Filespec /F (setup.exe) /EF << /F 5 0 R >> >>",
                        b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"])
