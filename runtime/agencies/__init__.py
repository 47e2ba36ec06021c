"""The agencies that receive and process dossiers, and how a step finds its agency."""

from .directory import Agency, AgencyDirectory, UnknownAgencyError, load_directory

__all__ = ["Agency", "AgencyDirectory", "UnknownAgencyError", "load_directory"]
