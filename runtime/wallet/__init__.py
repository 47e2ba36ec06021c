"""The citizen's document wallet (kho giấy tờ): every file they filed and every result issued to them.

Each entry keeps the verification report made when the file was accepted, so a
document reused in a later dossier skips the upload and keeps its verdict;
officials see where it came from. Entries live beside the store
(:mod:`runtime.storage.sidecar`: table ``wallet_documents`` in PostgreSQL, a
SQLite file beside the embedded store) and are collected from a dossier when it
is filed and when a result is issued; collecting twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..dossiers.model import Dossier, StoredFile
from ..signatures.kinds import SignaturePolicy
from ..storage.sidecar import SqlRunner, keeps_shared_tables, runner_for
from ..workflow.engine import exchange_actor

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS wallet_documents (
    account_id TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    media_type TEXT NOT NULL, size INTEGER NOT NULL, pages INTEGER, verification TEXT,
    dossier_id TEXT NOT NULL, reference TEXT, procedure_code TEXT NOT NULL, component_id TEXT,
    added_at TEXT NOT NULL, PRIMARY KEY (account_id, sha256));
"""
# The first copy of a file is the one kept: its report was made when it was first accepted.
_INSERT = ("INSERT INTO wallet_documents (account_id, sha256, kind, name, media_type, size, pages, verification,"
           " dossier_id, reference, procedure_code, component_id, added_at)"
           " VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})"
           " ON CONFLICT (account_id, sha256) DO NOTHING")
_SELECT = ("SELECT account_id, sha256, kind, name, media_type, size, pages, verification, dossier_id, reference,"
           " procedure_code, component_id, added_at FROM wallet_documents WHERE account_id = {p}")
_LIST = _SELECT + " ORDER BY added_at DESC, sha256 LIMIT {p}"
_GET = _SELECT + " AND sha256 = {p}"

RESULT, ATTACHMENT = "result", "attachment"
#: Accounts of dossiers handed over by partner systems (:func:`runtime.workflow.engine.exchange_actor`).
PARTNER_ACCOUNT = exchange_actor("")
#: The most entries one page shows.
PAGE = 500


@dataclass(frozen=True)
class WalletDocument:
    account_id: str
    sha256: str
    kind: str
    """``result`` (issued by an agency) or ``attachment`` (a file the citizen filed)."""
    name: str
    media_type: str
    size: int
    pages: int | None
    verification: dict[str, Any] | None
    """The report made when the file was accepted (an attachment) or issued (a result)."""
    dossier_id: str
    reference: str | None
    procedure_code: str
    component_id: str | None
    added_at: str

    @property
    def added(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.added_at)
        except ValueError:
            return None

    @property
    def verdict(self) -> str:
        return (self.verification or {}).get("verdict", "")

    def stored_file(self, now: dt.datetime) -> StoredFile:
        """The file as a later dossier's attachment: same bytes, same report, and where it came from."""
        return StoredFile(sha256=self.sha256, name=self.name, media_type=self.media_type, size=self.size,
                          pages=self.pages, verification=self.verification, uploaded_at=now,
                          reused_from={"reference": self.reference, "dossier_id": self.dossier_id,
                                       "kind": self.kind, "added_at": self.added_at})


def entries_of(dossier: Dossier) -> list[WalletDocument]:
    """What a filed dossier puts in its applicant's wallet: its attachments and its issued results."""
    if dossier.is_draft or not dossier.account_id or dossier.account_id.startswith(PARTNER_ACCOUNT):
        return []  # a dossier a partner system handed over: the citizen's wallet is on that system
    made = []

    def entry(kind: str, sha256: str, name: str, media_type: str, size: int, pages: int | None,
              verification: dict | None, component_id: str | None, at: str) -> WalletDocument:
        return WalletDocument(dossier.account_id or "", sha256, kind, name, media_type, size, pages, verification,
                              dossier.id, dossier.reference, dossier.procedure_code, component_id, at)

    for record in dossier.extra.get("documents", ()):
        if record.get("kind") == RESULT:
            made.append(entry(RESULT, record["sha256"], record.get("title") or "", "application/pdf",
                              int(record.get("size") or 0), None, record.get("verification"), None,
                              str(record.get("created_at") or "")))
    for component in dossier.components:
        for f in component.files:
            made.append(entry(ATTACHMENT, f.sha256, f.name, f.media_type, f.size, f.pages, f.verification,
                              component.component_id, f.uploaded_at.isoformat()))
    return made


class Wallet:
    """The wallets of every citizen, over the store's shared tables."""

    def __init__(self, runner: SqlRunner):
        self.runner = runner

    def collect(self, dossier: Dossier) -> int:
        """Put the dossier's files and results in its applicant's wallet; returns how many were offered."""
        found = entries_of(dossier)
        self.add(found)
        return len(found)

    def add(self, documents: Iterable[WalletDocument]) -> None:
        for d in documents:
            self.runner.run(_INSERT, (d.account_id, d.sha256, d.kind, d.name, d.media_type, d.size, d.pages,
                                 json.dumps(d.verification) if d.verification is not None else None,
                                 d.dossier_id, d.reference, d.procedure_code, d.component_id, d.added_at))

    def documents(self, account_id: str, limit: int = PAGE) -> list[WalletDocument]:
        return [_document(row) for row in self.runner.run(_LIST, (account_id, limit))]

    def get(self, account_id: str, sha256: str) -> WalletDocument | None:
        rows = self.runner.run(_GET, (account_id, sha256))
        return _document(rows[0]) if rows else None


def open_wallet(store: Any) -> Wallet | None:
    """The wallets kept beside ``store`` (None where it keeps no shared tables)."""
    return Wallet(runner_for(store, "wallet.sqlite3", SQLITE_SCHEMA)) if keeps_shared_tables(store) else None


def _document(row: tuple[Any, ...]) -> WalletDocument:
    values = list(row)
    if isinstance(values[7], str):
        values[7] = json.loads(values[7])
    return WalletDocument(*values)


def keeps_its_report(document: WalletDocument, policy: SignaturePolicy, media_types: Iterable[str]) -> bool:
    """True when the report the document carries already satisfies ``policy`` for a component
    taking ``media_types``: it can be attached as it is, without checking the file again.

    A report made under a policy at least as strict qualifies: the file was accepted, a required
    signature was required then too, by the same kind of signer (an applicant's certificate also
    chains to a trust root), and no active content the new policy refuses was found.
    """
    if document.media_type not in tuple(media_types):
        return False
    report = document.verification
    if report is None:
        return document.media_type != "application/pdf"  # images are checked by type only
    then = report.get("policy") or {}
    verdict = report.get("verdict")
    signed = verdict in ("valid", "valid_with_warnings")
    if not signed and not (verdict == "unsigned" and not then.get("required", True)):
        return False
    if policy.required:
        if not signed or not then.get("required", True):
            return False
        if then.get("signer") != policy.signer and not (then.get("signer") == "applicant"
                                                        and policy.signer == "trusted"):
            return False
    found = {reason.get("key") for reason in report.get("reasons", ())}
    refused = {"pdf.javascript": policy.refuse_javascript, "pdf.launch_action": policy.refuse_launch,
               "pdf.embedded_executable": policy.refuse_executables}
    return not any(refuse and key in found for key, refuse in refused.items())
