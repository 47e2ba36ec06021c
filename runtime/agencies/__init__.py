"""The agencies that receive and process dossiers, and how a step finds its agency."""

from .directory import (
    Agency,
    AgencyDirectory,
    UnknownAgencyError,
    agency_from_dict,
    build_directory,
    load_directory,
    read_overrides,
)

__all__ = ["Agency", "AgencyDirectory", "UnknownAgencyError", "agency_from_dict", "build_directory",
           "load_directory", "read_overrides"]
