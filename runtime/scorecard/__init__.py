"""The public service scorecard: indicators of service quality per province and agency, by month and year,
after the national scorecard of Decision 766/QĐ-TTg (see docs/scorecard.md)."""

from .indicators import INDICATORS, Counts, Indicator, Scorecard, build_scorecard, csv_bytes

__all__ = ["INDICATORS", "Counts", "Indicator", "Scorecard", "build_scorecard", "csv_bytes"]
