"""Benchmark of issued documents: milliseconds per page, against the 50 ms target.

Run from the repository root::

    .venv/bin/python bench/results.py            # ~10 s
    .venv/bin/python bench/results.py -n 50

Measures the shipped birth certificate (template → context → layout → PDF), the generic result
of another procedure and the receipt (slip 01), drawn by two reportlab approaches over the same
layout: the canvas (what motcua uses) and platypus flowables (paragraphs and tables laid out by
reportlab's frame engine). Then, for reference, what issuing adds to the page: the demo agency
signature alone, the receipt and the birth certificate rendered and signed, and the verification a
signed result passes before release (citizens' files have their own benchmark, bench/signatures.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]  # bench/calendar.py shadows stdlib
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402

import pypdf  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Flowable, SimpleDocTemplate  # noqa: E402
from reportlab.platypus import Paragraph as PParagraph  # noqa: E402
from reportlab.platypus import Spacer as PSpacer  # noqa: E402
from reportlab.platypus import Table as PTable  # noqa: E402

from runtime.agencies import load_directory  # noqa: E402
from runtime.definitions import load_procedure  # noqa: E402
from runtime.demo import DEMO_DIR  # noqa: E402
from runtime.documents import DemoAgencySigner, build_slip, draw_layout, result_layout, slip_layout  # noqa: E402
from runtime.documents.layout import (  # noqa: E402
    QR,
    Box,
    FieldRow,
    Header,
    Layout,
    PageBreak,
    Paragraph,
    Signature,
    Spacer,
    Table,
    Title,
)
from runtime.documents.pen import FONT, draw_qr, register_fonts  # noqa: E402
from runtime.documents.samples import sample_answers  # noqa: E402
from runtime.dossiers.model import ComponentFiles, Dossier, Person, StoredFile  # noqa: E402
from runtime.paths import procedures_dir  # noqa: E402
from runtime.signatures import SignaturePolicy, TrustStore, verify_pdf  # noqa: E402
from runtime.signatures.sandbox import InProcess  # noqa: E402

TARGET_MS = 50.0
NOW = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
BIRTH = sample_answers("1.001193")


# -- the alternative: the same layout through platypus ---------------------------------------------
class _QRFlowable(Flowable):
    def __init__(self, value: str, size: float):
        super().__init__()
        self.value, self.width, self.height = value, size, size

    def draw(self) -> None:
        draw_qr(self.canv, self.value, 0, 0, self.width)


def _style(size: float, align: int = 0, italic: bool = False) -> ParagraphStyle:
    return ParagraphStyle(f"s{size}{align}{italic}", fontName=FONT if not italic else "NotoSans-Italic",
                          fontSize=size, leading=size * 1.42, alignment=align)


def _p(text: str, size: float, align: int = 0, bold: bool = False, italic: bool = False) -> PParagraph:
    body = escape(text)  # platypus reads markup: every text must be escaped
    return PParagraph(f"<b>{body}</b>" if bold else body, _style(size, align, italic))


def platypus_pdf(layout: Layout) -> bytes:
    """The layout drawn by platypus flowables (paragraphs and tables in frames)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=layout.title)
    width = A4[0] - 40 * mm
    story: list[Flowable] = []
    for block in layout.blocks:
        if isinstance(block, Header):
            left = [_p(line, 10.5, 1) for line in block.agency_lines] + [_p(block.number, 10.5, 1)]
            right = [_p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11.5, 1, bold=True),
                     _p("Độc lập - Tự do - Hạnh phúc", 12, 1, bold=True), _p(block.place_date, 11, 1, italic=True)]
            story.append(PTable([[left, right]], colWidths=[width * 0.44, width * 0.56]))
        elif isinstance(block, Title):
            story += [_p(block.text, block.size, 1, bold=True), _p(block.subtitle, 10, 1, italic=True)]
        elif isinstance(block, Paragraph):
            story.append(_p(block.text, block.size, bold=block.bold, italic=block.italic))
        elif isinstance(block, FieldRow):
            cells = [PParagraph(f"{escape(label)}: <b>{escape(value)}</b>", _style(block.size))
                     for label, value in block.cells]
            story.append(PTable([cells], colWidths=[width / len(cells)] * len(cells)))
        elif isinstance(block, Table):
            rows = [[_p(h, block.size, bold=True) for h in block.headers]]
            rows += [[_p(cell, block.size) for cell in row] for row in block.rows]
            story.append(PTable(rows, style=[("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
        elif isinstance(block, Signature):
            left = [_p(line, 10) for line in block.left_lines]
            if block.qr:
                left.append(_QRFlowable(block.qr, 24 * mm))
            right = [_p(block.title, block.size, 1, bold=True), _p(block.note, block.size - 1.5, 1, italic=True)]
            story.append(PTable([[left, right]], colWidths=[width * 0.45, width * 0.55]))
        elif isinstance(block, QR):
            story.append(_QRFlowable(block.value, block.size_mm * mm))
        elif isinstance(block, Box | Spacer | PageBreak):
            story.append(PSpacer(1, 4 * mm))
    doc.build(story)
    return buffer.getvalue()


def _load() -> str:
    import os

    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


# -- measuring -------------------------------------------------------------------------------------
def _time(make: Callable[[], bytes]) -> tuple[float, float, bytes]:
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = make()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, pdf


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _compare(label: str, canvas_make: Callable[[], bytes], platypus_make: Callable[[], bytes], n: int,
             ) -> tuple[float, float]:
    """Both approaches, interleaved run by run so that the machine's load hits them alike."""
    canvas_make(), platypus_make()  # warm: fonts registered, templates compiled
    runs: dict[str, list[tuple[float, float]]] = {"canvas": [], "platypus": []}
    pages = {"canvas": _pages(canvas_make()), "platypus": _pages(platypus_make())}
    for _ in range(n):
        for name, make in (("canvas", canvas_make), ("platypus", platypus_make)):
            wall, cpu, _pdf = _time(make)
            runs[name].append((wall, cpu))
    result = []
    print(f"  {label}")
    for name in ("canvas", "platypus"):
        cpu = statistics.median(c for _w, c in runs[name]) / pages[name]
        wall = statistics.median(w for w, _c in runs[name]) / pages[name]
        verdict = "ok" if cpu <= TARGET_MS else "OVER"
        chosen = "  (motcua)" if name == "canvas" else ""
        print(f"    {name:<9} {cpu:6.1f} ms/page CPU, {wall:6.1f} ms/page wall   target ≤ {TARGET_MS:.0f}  "
              f"{verdict}{chosen}")
        result.append(cpu)
    return result[0], result[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="renders per measurement")
    n = parser.parse_args().n
    agencies = load_directory(DEMO_DIR / "agencies.json")
    agency = agencies.get("000.26.743.H79")
    birth = load_procedure(procedures_dir() / "1.001193" / "procedure.json")
    residence = load_procedure(procedures_dir() / "1.004222" / "procedure.json")
    files = [ComponentFiles(component_id="birth-certificate", files=[StoredFile(
        sha256="a" * 64, name="chung-sinh.pdf", media_type="application/pdf", size=1000, pages=1)])]
    dossier = Dossier(procedure_code=birth.code, case_id="on-time", reference="000.26.743.H79-260302-0007",
                      applicant=Person(full_name="Nguyễn Thị Lan", personal_id="079190012345"), data=BIRTH,
                      components=files, fees={"total": 16000}, received_at=NOW, due_at=NOW + dt.timedelta(days=1))
    other = Dossier(procedure_code=residence.code, case_id=residence.cases[0].id, reference="000.26.743.H79-260302-8",
                    applicant=dossier.applicant, data={"full_name": "Nguyễn Thị Lan", "personal_id": "079190012345"},
                    received_at=NOW)
    url = "https://motcua.example/track/000.26.743.H79-260302-0007"

    def birth_layout() -> Layout:
        return result_layout(dossier=dossier, procedure=birth, case=birth.cases[0], agency=agency, now=NOW,
                             tracking_url=url)

    def generic_layout() -> Layout:
        return result_layout(dossier=other, procedure=residence, case=residence.cases[0], agency=agency, now=NOW,
                             tracking_url=url)

    def receipt_layout() -> Layout:
        return slip_layout(build_slip("01", dossier=dossier, procedure=birth, case=birth.cases[0], agency=agency,
                                      now=NOW, tracking_url=url))

    print(f"Issued documents: canvas (motcua's engine) and platypus over the same layout, {n} interleaved renders "
          f"each, median (load {_load()}; CPU time is what the page costs, wall time adds waiting for a core):")
    pairs = [
        _compare("birth certificate 1.001193 (form layout, emblem, QR)", lambda: draw_layout(birth_layout()),
                 lambda: platypus_pdf(birth_layout()), n),
        _compare("generic result 1.004222 (every answer, signer, QR)", lambda: draw_layout(generic_layout()),
                 lambda: platypus_pdf(generic_layout()), n),
        _compare("receipt, slip 01 (components table, QR)", lambda: draw_layout(receipt_layout()),
                 lambda: platypus_pdf(receipt_layout()), n)]
    print(f"  platypus costs {statistics.mean(p / c for c, p in pairs):.2f}× the canvas's CPU time on these documents")
    with tempfile.TemporaryDirectory() as folder:
        signer = DemoAgencySigner(Path(folder) / "ca")
        trust = signer.ca.trust_store()
        print(" for reference: issuance with the demo agency signature (pyHanko, EC P-256 key), not part of the page "
              "budget; median of this process's CPU time (wall time beside)")
        birth_pdf, receipt_pdf = draw_layout(birth_layout()), draw_layout(receipt_layout())
        signed = signer.sign(birth_pdf, agency, "Cấp kết quả")
        policy = SignaturePolicy(required=True, signer="organisation")
        runs = max(5, n // 3)
        for label, make in (
                ("signature alone (receipt's PDF)", lambda: signer.sign(receipt_pdf, agency, "Tiếp nhận hồ sơ")),
                ("receipt rendered and signed", lambda: signer.sign(draw_layout(receipt_layout()), agency,
                                                                    "Tiếp nhận hồ sơ")),
                ("birth certificate rendered and signed", lambda: signer.sign(draw_layout(birth_layout()), agency,
                                                                              "Cấp kết quả")),
                ("signed result verified before release", lambda: _verified(signed, policy, trust))):
            make()
            timings = [_time(make) for _ in range(runs)]
            print(f"    {label + ':':<42} {statistics.median(c for _w, c, _p in timings):6.1f} ms CPU, "
                  f"{statistics.median(w for w, _c, _p in timings):6.1f} ms wall")


def _verified(pdf: bytes, policy: SignaturePolicy, trust: TrustStore) -> bytes:
    """What issuing a result adds after signing (runtime.services.documents.issue_document), in this process
    to count its CPU time: issue_document runs it in the sandbox (a few ms more, in a worker process)."""
    report = verify_pdf(pdf, policy, trust, sandbox=InProcess())
    assert report.accepted, report.reasons
    return pdf

if __name__ == "__main__":
    main()
