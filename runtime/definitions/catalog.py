"""The catalog of procedures on offer, and the archive of every version filed under."""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

import orjson

from .compiler import compile_procedure, content_hash
from .loader import CatalogLoad
from .model import Procedure
from .text import fold


class DefinitionArchive:
    """Every definition version a dossier was pinned to, kept by content hash.

    Editing a published definition must never change the rules of dossiers
    already filed under it, so the exact document is archived when a dossier is
    pinned to it, and compiled again from the archive when needed.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, code: str, digest: str) -> Path:
        return self.root / code / (digest.removeprefix("sha256:") + ".json")

    def remember(self, procedure: Procedure, document: dict | None = None) -> None:
        path = self._path(procedure.code, procedure.content_hash)
        if path.exists():
            return
        if document is None:
            document = procedure.document if procedure.source else orjson.loads(Path(procedure.file).read_bytes())
        if content_hash(document) != procedure.content_hash:
            raise ValueError(f"{procedure.file} changed since it was loaded")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".archive-")
        with os.fdopen(fd, "wb") as out:
            out.write(orjson.dumps(document, option=orjson.OPT_SORT_KEYS))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - archive objects live as long as the app
    def load(self, code: str, digest: str) -> Procedure | None:
        path = self._path(code, digest)
        try:
            document = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if content_hash(document) != digest:
            return None  # an altered archive file is not the version it claims to be
        return compile_procedure(document, str(path), digest)


class Catalog:
    """The procedures currently defined, by code, with search and effective dates."""

    def __init__(self, procedures: Iterable[Procedure], archive: DefinitionArchive | None = None,
                 load: CatalogLoad | None = None):
        self._by_code = MappingProxyType({p.code: p for p in procedures})
        self._names = {code: searchable_names(p) for code, p in self._by_code.items()}
        self.archive = archive
        self.load = load

    def replace(self, procedures: Iterable[Procedure]) -> None:
        """Serve ``procedures`` from now on (one atomic swap: readers see the old or the new set)."""
        self._by_code = MappingProxyType({p.code: p for p in procedures})

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def get(self, code: str) -> Procedure | None:
        """The current definition of ``code``, effective or not."""
        return self._by_code.get(code)

    def offered(self, code: str, day: dt.date) -> Procedure | None:
        """The definition of ``code`` if it is offered on ``day``."""
        procedure = self._by_code.get(code)
        return procedure if procedure is not None and procedure.is_effective(day) else None

    def version(self, code: str, digest: str) -> Procedure | None:
        """The exact version ``digest`` of ``code``: current, or from the archive."""
        current = self._by_code.get(code)
        if current is not None and current.content_hash == digest:
            return current
        return self.archive.load(code, digest) if self.archive else None

    def search(self, query: str, day: dt.date, sector: str | None = None,
               level: str | None = None) -> list[Procedure]:
        """Procedures offered on ``day`` whose text holds every word of ``query``.

        Matching ignores case and Vietnamese diacritics, so "dang ky khai sinh"
        finds "Đăng ký khai sinh".
        """
        folded = fold(query)
        words = folded.split()
        found = [
            p for p in self._by_code.values()
            if p.is_effective(day)
            and (sector is None or p.sector_code == sector)
            and (level is None or level in p.levels)
            and all(w in p.search_text for w in words)
        ]
        if not words:
            return sorted(found, key=lambda p: (p.sector.vi, p.name.vi))
        return sorted(found, key=lambda p: (*relevance(self._names[p.code], folded), p.name.vi))

    def sectors(self) -> list[tuple[str, str, str]]:
        """(code, vi, en) of every sector in the catalog."""
        seen = {p.sector_code: p.sector for p in self._by_code.values()}
        return sorted((code, t.vi, t.en) for code, t in seen.items())


_PREFIX = "thu tuc "


def searchable_names(procedure: Procedure) -> tuple[str, ...]:
    """A procedure's short and full names in both languages, folded, without "Thủ tục"."""
    names = [fold(text) for name in (procedure.display_name, procedure.name) for text in (name.vi, name.en)]
    return tuple(n[len(_PREFIX):] if n.startswith(_PREFIX) else n for n in names)


def relevance(names: tuple[str, ...], folded_query: str) -> tuple[int, int]:
    """How well a procedure's folded ``names`` match a folded query; lower is better.

    (0) a name is the query; (1) a name starts with it; (2) a name holds it as a phrase;
    (3) a name holds all its words; (4) only keywords, the sector or the code match. The
    second number, the length of the best matching name, puts the closest names first.
    """
    words = folded_query.split()
    best = (4, 0)
    for name in names:
        padded = f" {name} "
        if name == folded_query:
            rank = 0
        elif name.startswith(folded_query):
            rank = 1
        elif f" {folded_query} " in padded or f" {folded_query}" in padded:
            rank = 2
        elif all(w in name for w in words):
            rank = 3
        else:
            continue
        best = min(best, (rank, len(name)))
    return best
