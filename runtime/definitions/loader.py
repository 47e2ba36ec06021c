"""Read, check and compile procedure definitions: one file or a whole catalog."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .cache import CheckCache
from .checks import check_semantics
from .compiler import compile_procedure, content_hash
from .metaschema import explain
from .model import Procedure
from .problems import DefinitionError, DefinitionProblem

#: The largest definition file read; a procedure is a few tens of kilobytes.
MAX_DEFINITION_BYTES = 4 * 1024 * 1024
DEFINITION_FILE = "procedure.json"

Progress = Callable[[int, int], None]


def find_definitions(paths: Iterable[str | Path]) -> list[Path]:
    """The definition files named by ``paths``: files as they are, folders searched."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(path.rglob(DEFINITION_FILE)))
        else:
            found.append(path)
    return found


def read_definition(path: Path) -> tuple[Any, bytes, list[DefinitionProblem]]:
    """Read and parse one file; problems instead of exceptions."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DEFINITION_BYTES:
            return None, b"", [DefinitionProblem(
                file, "", f"the file is {size // 1024} KiB, more than the "
                f"{MAX_DEFINITION_BYTES // 1024} KiB a definition may have",
                "split the procedure or move long texts out", code="file.too_large")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, b"", [DefinitionProblem(file, "", f"the file cannot be read: {exc.strerror}",
                                             code="file.unreadable")]
    try:
        return orjson.loads(raw), raw, []
    except orjson.JSONDecodeError as exc:
        return None, raw, [DefinitionProblem(
            file, "", f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}): "
            f"{exc.msg}", "check for a missing comma, quote or bracket near that place",
            code="file.json")]


def check_definition(document: Any, file: str) -> list[DefinitionProblem]:
    """Every problem in a parsed definition: meta-schema first, then semantic checks."""
    problems = explain(document, file)
    if problems:
        return problems
    return check_semantics(document, file)


def _folder_problem(path: Path, document: dict[str, Any]) -> list[DefinitionProblem]:
    if path.name == DEFINITION_FILE and path.parent.name != document["code"]:
        return [DefinitionProblem(
            str(path), "/code", f"the code '{document['code']}' differs from the folder's name "
            f"'{path.parent.name}'", f"move the file to procedures/{document['code']}/",
            code="code.folder")]
    return []


@dataclass
class CatalogLoad:
    """What loading a set of definitions found."""

    procedures: list[Procedure] = field(default_factory=list)
    problems: dict[str, list[DefinitionProblem]] = field(default_factory=dict)
    files: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for ps in self.problems.values() for p in ps if p.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for ps in self.problems.values() for p in ps if not p.is_error)


@contextlib.contextmanager
def _no_cyclic_gc():
    """Pause the cyclic garbage collector while a catalog is built.

    Loading creates millions of long-lived objects and no cycles worth
    collecting; left on, the collector re-traverses the growing catalog again
    and again, which made loading 1,874 definitions several times slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_definitions(paths: Iterable[str | Path], cache: CheckCache | None = None,
                     progress: Progress | None = None) -> CatalogLoad:
    """Read, check and compile every definition under ``paths``.

    A definition with errors is reported and left out; one whose exact content
    was checked clean before (``cache``) is not checked again.
    """
    with _no_cyclic_gc():
        return _load_definitions(paths, cache, progress)


def _load_definitions(paths: Iterable[str | Path], cache: CheckCache | None,
                      progress: Progress | None) -> CatalogLoad:
    files = find_definitions(paths)
    result = CatalogLoad(files=len(files))
    codes: dict[str, str] = {}
    for n, path in enumerate(files, 1):
        file = str(path)
        document, _raw, problems = read_definition(path)
        digest = None
        if document is not None:
            digest = content_hash(document)
            if cache is None or not cache.is_clean(digest):
                problems = check_definition(document, file)
                if not problems:
                    problems = _folder_problem(path, document)
        if document is not None and not any(p.is_error for p in problems):
            if document["code"] in codes:
                problems.append(DefinitionProblem(
                    file, "/code", f"the code '{document['code']}' is also defined in "
                    f"{codes[document['code']]}", "one file per procedure", code="code.duplicate"))
            else:
                codes[document["code"]] = file
                result.procedures.append(compile_procedure(document, file, digest))
                if cache is not None and not problems:
                    cache.mark_clean(digest)
        if problems:
            result.problems[file] = problems
        if progress is not None:
            progress(n, len(files))
    if cache is not None:
        cache.save()
    return result


def load_procedure(path: str | Path) -> Procedure:
    """Load one definition file, raising :class:`DefinitionError` when it has errors."""
    path = Path(path)
    document, _raw, problems = read_definition(path)
    if document is not None and not problems:
        problems = check_definition(document, str(path))
    errors = [p for p in problems if p.is_error]
    if errors or document is None:
        raise DefinitionError(errors)
    return compile_procedure(document, str(path))
