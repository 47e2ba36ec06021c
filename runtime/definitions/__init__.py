"""Procedure definitions: load → check → compile once → cache.

A procedure is data, not code: this package reads a procedure's JSON document,
checks it against the meta-schema and the rules a schema cannot express, and
compiles it into immutable objects the rest of the runtime uses.
"""

from .cache import CheckCache
from .catalog import Catalog, DefinitionArchive
from .compiler import compile_procedure, content_hash
from .loader import (
    CatalogLoad,
    check_definition,
    find_definitions,
    load_definitions,
    load_procedure,
)
from .model import Case, Procedure, Text
from .problems import DefinitionError, DefinitionProblem, Severity

__all__ = [
    "Case", "Catalog", "CatalogLoad", "CheckCache", "DefinitionArchive", "DefinitionError",
    "DefinitionProblem", "Procedure", "Severity", "Text", "check_definition", "compile_procedure",
    "content_hash", "find_definitions", "load_definitions", "load_procedure",
]
