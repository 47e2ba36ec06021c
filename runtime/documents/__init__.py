"""Documents the system issues: slips 01–05 and results, as signed PDFs."""

from .pdf import SlipContent, render_pdf
from .signing import AgencySigner, DemoAgencySigner
from .slips import SLIP_TITLES, build_slip

__all__ = ["SLIP_TITLES", "AgencySigner", "DemoAgencySigner", "SlipContent", "build_slip", "render_pdf"]
