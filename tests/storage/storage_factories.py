"""Builders and backdoors shared by the storage tests (fixtures live in conftest.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson

from runtime.dossiers.model import (
    ComponentFiles,
    Dossier,
    Pause,
    Person,
    Provenance,
    Status,
    StoredFile,
)

T0 = datetime(2024, 5, 6, 8, 30, tzinfo=UTC)


def build_dossier(
    *,
    name: str = "Nguyễn Văn An",
    agency: str | None = "000.00.20.H29",
    step: str = "draft",
    national_code: int = 1,
    due_at: datetime | None = None,
    account_id: str | None = "acct-1",
    procedure_code: str = "1.001193",
    with_event: bool = True,
) -> Dossier:
    """A realistic dossier (a few KB) with every kind of field filled in."""
    dossier = Dossier(
        procedure_code=procedure_code,
        definition_version="sha256:" + "ab" * 32,
        applicant=Person(
            full_name=name,
            personal_id="001099012345",
            birth_date=date(1990, 1, 2),
            phone="0912345678",
            email="an@example.vn",
            address={"province_code": "01", "commune_code": "00004", "street": "12 Hàng Bạc"},
        ),
        representative=Person(full_name="Trần Thị Bình"),
        account_id=account_id,
        agency_code=agency,
        channel="online",
        data={"ho_ten": name, "ly_do": "Đăng ký lần đầu", "so_luong": 2, "items": list(range(20))},
        provenance={"/ho_ten": Provenance(source="autofilled", attribute="fullName", original=name)},
        components=[
            ComponentFiles(
                component_id="to-khai",
                files=[
                    StoredFile(
                        sha256="cd" * 32,
                        name="tờ khai.pdf",
                        media_type="application/pdf",
                        size=52_311,
                        pages=2,
                        verification={"signed": True},
                        uploaded_at=T0,
                    )
                ],
            )
        ],
        fees={"total": 50_000, "currency": "VND"},
        payments=[{"amount": 50_000, "status": "paid"}],
        status=Status(step=step, national_code=national_code),
        is_draft=step == "draft",
        created_at=T0,
        updated_at=T0,
        due_at=due_at,
        step_deadlines={step: T0 + timedelta(days=1)},
        pauses=[Pause(start=T0, end=T0 + timedelta(hours=2), reason="bổ sung")],
        extra={"note": "x" * 500},
    )
    if with_event:
        dossier.append_event(actor="citizen-1", actor_role="citizen", action="create", at=T0)
    return dossier


def tamper_tinydb(url: str, dossier_id: str, comment: str) -> None:
    from runtime.storage.tinydb_store.layout import DOSSIER_TABLE, Layout

    layout = Layout(Path(url.removeprefix("tinydb://")))
    path = layout.abs(layout.dossier(dossier_id))
    data = orjson.loads(path.read_bytes())
    data[DOSSIER_TABLE]["1"]["events"][0]["comment"] = comment
    path.write_bytes(orjson.dumps(data))


def tamper_postgres(url: str, dossier_id: str, comment: str) -> None:
    import psycopg

    from runtime.storage.postgres import split_url

    with psycopg.connect(split_url(url)[0]) as conn:
        conn.execute("ALTER TABLE dossier_events DISABLE TRIGGER USER")
        conn.execute(
            "UPDATE dossier_events SET body = jsonb_set(body, '{comment}', to_jsonb(%s::text)) "
            "WHERE dossier_id = %s AND seq = 1",
            (comment, dossier_id),
        )
        conn.execute("ALTER TABLE dossier_events ENABLE TRIGGER USER")
