"""Officials' accounts: who they are and which role they hold in which agency.

An official may hold several roles in several agencies (``roles`` is a set of
``(agency code, role)`` pairs, as in :class:`runtime.web.access.Principal`).
Passwords are stored as werkzeug password hashes (scrypt); a deployment that
signs officials in elsewhere (LDAP, the province's single sign-on) implements
:class:`OfficialDirectory` instead of the JSON file.

JSON file format::

    {"officials": [{"username": "tiepnhan.saigon", "name": "Trần Văn A",
                    "password_hash": "scrypt:32768:8:1$...",
                    "roles": [{"agency": "000.26.740.H79", "role": "receiver"}],
                    "email": "tiepnhan.saigon@example.gov.vn", "active": true}]}

``email`` and ``phone`` (optional) receive the deadline reminders.
"""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

DEMO_OFFICIALS = Path(__file__).resolve().parents[1] / "demo" / "officials.json"
MAX_PASSWORD_LENGTH = 256
#: A role held for a whole province (the studio's administrators), not one agency.
PROVINCE_SCOPE = "province:"


@dataclass(frozen=True)
class Official:
    username: str
    name: str
    roles: frozenset[tuple[str, str]]
    active: bool = True
    email: str | None = None
    """Where deadline reminders are sent (optional)."""
    phone: str | None = None

    def agencies(self) -> set[str]:
        return {agency for agency, _ in self.roles}


class OfficialDirectory(ABC):
    """Where officials' accounts live."""

    @abstractmethod
    def get(self, username: str) -> Official | None:
        """The official with this user name, active or not."""

    @abstractmethod
    def authenticate(self, username: str, password: str) -> Official | None:
        """The active official whose password this is, else None (never says which part was wrong)."""

    def __iter__(self) -> Iterator[Official]:
        return iter(())


def normalise_username(username: str) -> str:
    return username.strip().lower()


class _DummyHash:
    """A hash to check against when the user name is unknown, so both cases take as long."""

    _value: str | None = None
    _lock = threading.Lock()

    @classmethod
    def get(cls) -> str:
        with cls._lock:
            if cls._value is None:
                cls._value = generate_password_hash("motcua-no-such-official")
            return cls._value


class JsonOfficialDirectory(OfficialDirectory):
    """Officials from a JSON file (read once)."""

    def __init__(self, path: str | Path, agencies: Iterable[str] | None = None):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self._officials: dict[str, tuple[Official, str]] = {}
        known = set(agencies) if agencies is not None else None
        for raw in data["officials"]:
            official = _official(raw)
            unknown = {a for a in official.agencies() if not a.startswith(PROVINCE_SCOPE)} - (known or set())
            if known is not None and unknown:
                raise ValueError(f"official {official.username}: unknown agencies {unknown}")
            if official.username in self._officials:
                raise ValueError(f"official {official.username} is listed twice")
            self._officials[official.username] = (official, raw["password_hash"])

    def __iter__(self) -> Iterator[Official]:
        return iter(o for o, _ in self._officials.values())

    def __len__(self) -> int:
        return len(self._officials)

    def get(self, username: str) -> Official | None:
        found = self._officials.get(normalise_username(username))
        return found[0] if found else None

    def authenticate(self, username: str, password: str) -> Official | None:
        found = self._officials.get(normalise_username(username))
        if len(password) > MAX_PASSWORD_LENGTH:
            return None
        stored = found[1] if found else _DummyHash.get()
        matches = check_password_hash(stored, password)
        if found is None or not matches or not found[0].active:
            return None
        return found[0]


def _official(raw: dict[str, Any]) -> Official:
    username = normalise_username(raw["username"])
    if not username or not raw.get("password_hash", "").startswith(("scrypt:", "pbkdf2:")):
        raise ValueError(f"official {raw.get('username')!r}: a user name and a werkzeug password hash are needed")
    roles = frozenset((r["agency"], r["role"]) for r in raw.get("roles", ()))
    return Official(username, raw.get("name", username), roles, bool(raw.get("active", True)),
                    raw.get("email") or None, raw.get("phone") or None)
