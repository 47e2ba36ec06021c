"""What the inter-system exchange keeps in the store: nonces seen and links to partners' dossiers.

Both are written in the unit of work of the change a message brings, so a
message is recorded as received if and only if its effect is committed: a
replay is refused, and a message whose effect failed can be sent again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

#: How long a received nonce is remembered (longer than any retry of the sender).
NONCE_DAYS = 30


class ExchangeRepository(ABC):
    @abstractmethod
    def remember_nonce(self, partner: str, nonce: str, expires_at: float) -> bool:
        """Record a received message's nonce until ``expires_at`` (epoch seconds); False when already recorded."""

    @abstractmethod
    def linked_dossier(self, partner: str, remote_id: str) -> str | None:
        """Our dossier filed for the partner's dossier ``remote_id``, if any."""

    @abstractmethod
    def link(self, partner: str, remote_id: str, dossier_id: str) -> None:
        """Remember that our ``dossier_id`` was filed for the partner's ``remote_id``."""
