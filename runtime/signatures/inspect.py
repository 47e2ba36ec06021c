"""Structure checks on an uploaded file, before any signature logic.

:func:`inspect_pdf` refuses oversized input, identifies the media type from
the bytes (never the file name), spots truncated files, and then runs
:func:`scan_pdf` in the sandbox: pypdf opens the file, counts pages, checks
encryption and walks the object graph (iteratively, with an object budget)
looking for JavaScript, Launch actions and embedded files.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from runtime.signatures.report import PdfInspection
from runtime.signatures.sandbox import InProcess, Limits, Outcome, Sandbox, Status
from runtime.signatures.speedups import install as install_speedups

install_speedups()

#: Leading magic bytes of formats citizens commonly upload by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (b"Rar!", "application/vnd.rar"),
    (b"{\\rtf", "application/rtf"),
)


#: Direct objects nested deeper than this are treated as hostile. Real files
#: stay far below (a few levels); parsers recurse once per level.
MAX_NESTING = 100


def sniff_media_type(data: bytes) -> str:
    """Media type from content; ``application/pdf`` if ``%PDF-`` is in the first KiB."""
    if b"%PDF-" in data[:1024]:
        return "application/pdf"
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    head = data[:512]
    if head and all(b in b"\t\n\r" or 32 <= b < 127 or b >= 128 for b in head):
        return "text/plain"
    return "application/octet-stream"


def _pdf_version(data: bytes) -> str:
    start = data.find(b"%PDF-", 0, 1024) + 5
    return data[start:start + 3].decode("ascii", "replace")


def inspect_pdf(data: bytes, limits: Limits | None = None,
                sandbox: Sandbox | InProcess | None = None) -> PdfInspection:
    """Inspect ``data``; never raises, every problem becomes ``PdfInspection.problem``."""
    limits = limits or Limits()
    early = precheck(data, limits)
    if early is not None:
        return early
    from runtime.signatures.sandbox import default_sandbox

    runner = sandbox or default_sandbox()
    outcome = runner.run(scan_pdf, data, limits.max_objects, limits=limits)
    if outcome.status is Status.OK:
        return outcome.value
    return failed_inspection(data, outcome, limits)


def precheck(data: bytes, limits: Limits) -> PdfInspection | None:
    """Checks that need no parsing: size, media type, truncation."""
    size = len(data)
    if size > limits.max_bytes:
        return PdfInspection(media_type=sniff_media_type(data[:1024]), size=size,
                             problem="pdf.too_large",
                             detail=f"{size} bytes > limit of {limits.max_bytes}")
    media_type = sniff_media_type(data)
    if media_type != "application/pdf":
        return PdfInspection(media_type=media_type, size=size, problem="pdf.not_pdf",
                             detail=f"content looks like {media_type}")
    if b"%%EOF" not in data[-1024:]:
        return PdfInspection(media_type=media_type, size=size, problem="pdf.truncated",
                             pdf_version=_pdf_version(data),
                             detail="no %%EOF marker in the last 1024 bytes")
    return None


def failed_inspection(data: bytes, outcome: Outcome, limits: Limits) -> PdfInspection:
    """Inspection result for a sandbox task that did not finish normally."""
    problem = {
        Status.TIMEOUT: "pdf.timeout",
        Status.MEMORY: "pdf.too_complex",
        Status.CRASHED: "pdf.too_complex",
    }.get(outcome.status, "pdf.unreadable")
    return PdfInspection(media_type="application/pdf", size=len(data), problem=problem,
                         pdf_version=_pdf_version(data), revisions=data.count(b"%%EOF"),
                         detail=outcome.detail or outcome.status.value)


def scan_pdf(data: bytes, max_objects: int) -> PdfInspection:
    """Open ``data`` with pypdf and scan it (sandbox task)."""
    base = {"media_type": "application/pdf", "size": len(data),
            "pdf_version": _pdf_version(data), "revisions": data.count(b"%%EOF")}
    reader = PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception:  # unsupported encryption handler etc.
            opened = False
        if not opened:
            return PdfInspection(**base, problem="pdf.encrypted", encrypted=True,
                                 needs_password=True, detail="a password is required")
    page_count = len(reader.pages)
    found = _scan(reader.trailer, max_objects)
    if found["depth"] > MAX_NESTING:
        return PdfInspection(**base, problem="pdf.too_complex",
                             detail=f"objects nested more than {MAX_NESTING} levels deep")
    del found["depth"]
    return PdfInspection(**base, page_count=page_count, encrypted=reader.is_encrypted,
                         **found)


def _get(obj: DictionaryObject, key: str) -> object:
    """``obj[key]`` with indirect references resolved, or ``None`` (also when unreadable)."""
    value = dict.get(obj, key)
    if not isinstance(value, IndirectObject):
        return value
    try:
        return value.get_object()
    except (RecursionError, MemoryError):  # hostile nesting: the sandbox reports it
        raise
    except Exception:  # a damaged object (e.g. unreadable metadata) is skipped, not fatal
        return None


#: File name endings and media types of embedded files that are programs or scripts.
EXECUTABLE_SUFFIXES = (".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".dll", ".vbs",
                       ".vbe", ".js", ".jse", ".wsf", ".ps1", ".jar", ".sh", ".app", ".apk",
                       ".lnk", ".hta", ".cpl")
EXECUTABLE_TYPES = ("/application#2Fx-msdownload", "/application#2Fx-dosexec",
                    "/application#2Fx-executable", "/application#2Fx-sh",
                    "/application#2Fjava-archive", "/application#2Fx-msi")

#: Actions that leave the document: other files, forms sent elsewhere, data imported.
EXTERNAL_ACTIONS = ("/GoToR", "/GoToE", "/SubmitForm", "/ImportData")


def _is_executable(name: str, spec: DictionaryObject) -> bool:
    if name.casefold().rstrip(". ").endswith(EXECUTABLE_SUFFIXES):
        return True
    files = _get(spec, "/EF")
    if isinstance(files, DictionaryObject):
        for key in ("/F", "/UF"):
            stream = _get(files, key)
            subtype = _get(stream, "/Subtype") if isinstance(stream, DictionaryObject) else None
            if str(subtype) in EXECUTABLE_TYPES or "msdownload" in str(subtype):
                return True
    return False


def _external(obj: DictionaryObject, action: object) -> str:
    """``action: target`` for an action reaching outside the document, else ''."""
    if action in EXTERNAL_ACTIONS:
        target = _get(obj, "/F")
        if isinstance(target, DictionaryObject):
            target = _get(target, "/UF") or _get(target, "/F")
        return f"{str(action)[1:]}: {str(target or '?')[:200]}"
    if action == "/URI":
        uri = str(_get(obj, "/URI") or "")
        if uri and not uri.casefold().startswith(("http://", "https://", "mailto:")):
            return f"URI: {uri[:200]}"
    return ""


def _scan(trailer: DictionaryObject, max_objects: int) -> dict[str, Any]:
    """Walk the object graph from the trailer looking for active content.

    Iterative (an explicit stack), so hostile nesting cannot exhaust the C
    stack; ``depth`` is the deepest nesting of *direct* objects seen.
    """
    js = open_js = launch = False
    embedded: list[str] = []
    executables: list[str] = []
    external: list[str] = []
    signatures = 0
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[object, int]] = [(v, 0) for k, v in trailer.items() if k != "/Encrypt"]
    visited = deepest = 0
    while stack and visited < max_objects:
        obj, depth = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj, depth = obj.get_object(), 0
            except (RecursionError, MemoryError):  # hostile nesting: the sandbox reports it
                raise
            except Exception:  # noqa: S112 - unreadable object: skip it, scan the rest
                continue
        visited += 1
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        if isinstance(obj, DictionaryObject):
            action = _get(obj, "/S")
            if "/JS" in obj or action == "/JavaScript":
                js = True
            if action == "/Launch":
                launch = True
            if _get(obj, "/FT") == "/Sig" and "/V" in obj:
                signatures += 1
            if "/EF" in obj:
                name = str(_get(obj, "/UF") or _get(obj, "/F") or "?")
                embedded.append(name)
                if _is_executable(name, obj):
                    executables.append(name)
            leaving = _external(obj, action)
            if leaving:
                external.append(leaving)
            names = _get(obj, "/Names")
            if isinstance(names, DictionaryObject) and "/JavaScript" in names:
                js = True
            opener = _get(obj, "/OpenAction")
            if isinstance(opener, DictionaryObject) and (
                    "/JS" in opener or _get(opener, "/S") == "/JavaScript"):
                open_js = js = True
            stack.extend((child, depth + 1) for child in dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend((child, depth + 1) for child in list.__iter__(obj))
    return {"has_javascript": js, "has_open_action_js": open_js,
            "has_launch_action": launch, "embedded_files": tuple(dict.fromkeys(embedded)),
            "embedded_executables": tuple(dict.fromkeys(executables)),
            "external_actions": tuple(dict.fromkeys(external))[:20],
            "signature_fields": signatures, "objects_scanned": visited,
            "scan_complete": not stack, "depth": deepest}
