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
        words = fold(query).split()
        found = [
            p for p in self._by_code.values()
            if p.is_effective(day)
            and (sector is None or p.sector_code == sector)
            and (level is None or level in p.levels)
            and all(w in p.search_text for w in words)
        ]
        if not words:
            return sorted(found, key=lambda p: (p.sector.vi, p.name.vi))
        phrase = " ".join(words)
        return sorted(found, key=lambda p: (_rank(p, phrase), p.sector.vi, p.name.vi))

    def sectors(self) -> list[tuple[str, str, str]]:
        """(code, vi, en) of every sector in the catalog."""
        seen = {p.sector_code: p.sector for p in self._by_code.values()}
        return sorted((code, t.vi, t.en) for code, t in seen.items())


def _rank(procedure: Procedure, phrase: str) -> int:
    """0: the name (or short name) is exactly the query; 1: it starts with it; 2: it holds it; 3: words only."""
    names = [fold(t.vi) for t in (procedure.name, procedure.short_name) if t is not None]
    names += [fold(t.en) for t in (procedure.name, procedure.short_name) if t is not None]
    if phrase in names:
        return 0
    if any(n.startswith(phrase) for n in names):
        return 1
    return 2 if any(phrase in n for n in names) else 3
