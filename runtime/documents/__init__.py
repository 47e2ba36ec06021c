"""Documents the system issues: slips 01–05 and results, as signed PDFs.

One engine draws them all: a template (data in the definition, see :mod:`.layout`) is filled
with the dossier's context (:mod:`.context`) into a :class:`Layout`, drawn by :func:`draw_layout`.
"""

from .drawing import draw_layout
from .issue import document_layout
from .layout import Layout, build_layout
from .pdf import SlipContent, render_pdf, slip_layout
from .results import GENERIC_RESULT, preview_definition, preview_result, render_result, result_layout
from .signing import AgencySigner, DemoAgencySigner
from .slips import SLIP_TITLES, build_slip

__all__ = ["GENERIC_RESULT", "SLIP_TITLES", "AgencySigner", "DemoAgencySigner", "Layout", "SlipContent",
           "build_layout", "build_slip", "document_layout", "draw_layout", "preview_definition", "preview_result",
           "render_pdf", "render_result", "result_layout", "slip_layout"]
