"""Fees (phí, lệ phí) computed from a case's rules: pure functions, no I/O."""

from .calculator import FeeBreakdown, FeeLine, compute_fees

__all__ = ["FeeBreakdown", "FeeLine", "compute_fees"]
