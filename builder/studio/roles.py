"""Who may do what in the studio: administrator roles from the officials' directory.

An official's roles are (agency, role) pairs; the studio's are ``studio-author``
(edit drafts, send them for review) and ``studio-publisher`` (review, publish,
roll back), held either for one agency (its code) or for a whole province
(``province:<code>``). Drafts and versions in review are seen only by people
whose scope covers the draft's scope; published versions are seen by all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from runtime.storage.definitions import DefinitionRecord

AUTHOR = "studio-author"
PUBLISHER = "studio-publisher"
STUDIO_ROLES = (AUTHOR, PUBLISHER)
PROVINCE_PREFIX = "province:"
#: The scope of versions loaded from files (national catalogue, every province).
NATIONAL = "national"

#: agency code -> province code (None when unknown)
ProvinceOf = Callable[[str], "str | None"]


class StudioPermissionError(Exception):
    """The administrator may not do this (a message for them, never a crash)."""


@dataclass(frozen=True)
class StudioUser:
    username: str
    name: str
    roles: frozenset[tuple[str, str]]

    def scopes(self, role: str | None = None) -> list[str]:
        return sorted(scope for scope, r in self.roles if r in STUDIO_ROLES and (role is None or r == role))

    @property
    def is_admin(self) -> bool:
        return bool(self.scopes())

    @property
    def provinces(self) -> list[str]:
        """The provinces this person holds a studio role for as a whole (``province:<code>``)."""
        return sorted({s.removeprefix(PROVINCE_PREFIX) for s in self.scopes() if s.startswith(PROVINCE_PREFIX)})

    @property
    def home_scope(self) -> str:
        """Where the drafts this person creates belong."""
        authored = self.scopes(AUTHOR) or self.scopes()
        return authored[0]

    def covers(self, scope: str, province_of: ProvinceOf, role: str | None = None) -> bool:
        """Whether one of this person's scopes (for ``role``) includes ``scope``."""
        for mine in self.scopes(role):
            if mine == scope:
                return True
            if mine.startswith(PROVINCE_PREFIX) and not scope.startswith(PROVINCE_PREFIX) \
                    and scope != NATIONAL and province_of(scope) == mine.removeprefix(PROVINCE_PREFIX):
                return True
        return False

    def can_see(self, record: DefinitionRecord, province_of: ProvinceOf) -> bool:
        if record.status in ("published", "retired"):
            return True
        return self.covers(record.scope, province_of)

    def can_edit(self, record: DefinitionRecord, province_of: ProvinceOf) -> bool:
        return record.status == "draft" and self.covers(record.scope, province_of, AUTHOR)

    def can_publish(self, record: DefinitionRecord, province_of: ProvinceOf) -> bool:
        return record.status == "review" and self.covers(record.scope, province_of, PUBLISHER)

    def can_roll_back(self, scope: str, province_of: ProvinceOf) -> bool:
        return bool(self.scopes(PUBLISHER)) and (scope == NATIONAL or self.covers(scope, province_of, PUBLISHER))
