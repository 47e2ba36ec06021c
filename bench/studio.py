"""Studio benchmark: open a 100-field procedure, refresh the preview after an edit, and publish to
a second worker.

Run: .venv/bin/python bench/studio.py [--rounds 20]
Server time is measured around the WSGI call (Flask's test client, no network), median of rounds.
The second worker is another application over the same store, as another process or node would be;
it notices publications by polling the store's publication stamp (MOTCUA_CATALOG_REFRESH_SECONDS).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from builder.studio import create_app, form_edit  # noqa: E402
from builder.studio.palette import schema_for  # noqa: E402
from builder.studio.skeleton import new_document  # noqa: E402
from runtime.storage.definitions import DefinitionRecord  # noqa: E402
from runtime.web.access import Principal, sign_in  # noqa: E402

CODE = "9.000100"


def hundred_fields() -> dict:
    """A procedure of 4 pages × 25 fields, every palette kind that has no choices, required or not."""
    document = new_document(CODE, "Thủ tục một trăm trường", "A hundred-field procedure")
    kinds = ["text", "long-text", "number", "money", "date", "yes-no", "citizen-id", "phone", "email", "tax-code"]
    for page in range(4):
        if page:
            document = form_edit.add_page(document, 0, f"page-{page}", f"Trang {page}", f"Page {page}")
        for n in range(25 if page else 24):
            kind = kinds[n % len(kinds)]
            name = f"f{page}_{n}"
            schema = schema_for(kind, f"Trường {page}.{n}", f"Field {page}.{n}")
            document = form_edit.add_field(document, 0, page, name, schema, required=n % 2 == 0)
    return document


def signed_in(app, username: str):
    client = app.test_client()
    official = app.extensions["motcua.identity.officials"].get(username)
    with app.test_request_context(), client.session_transaction() as session:
        sign_in(Principal("official", official.username, official.name, None, official.roles))
        from flask import session as current

        session.update(current)
    return client


def timed(call, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), response.status_code
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        config = {"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "INSTANCE_PATH": f"{tmp}/one",
                  "MOTCUA_STORE": f"tinydb://{tmp}/store", "MOTCUA_CATALOG_REFRESH_SECONDS": 1}
        worker_one = create_app(config)
        worker_two = create_app({**config, "INSTANCE_PATH": f"{tmp}/two"})
        from runtime.storage import open_store

        document = hundred_fields()
        with open_store(config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
            record = DefinitionRecord(CODE, document, "province:79", "admin.hcm")
            uow.definitions.add(record)
            uow.commit()
        author = signed_in(worker_one, "admin.hcm")
        base = f"/studio/{CODE}/1"
        author.get(base)  # first request: templates compiled, store opened
        open_ms = timed(lambda: author.get(base), rounds)
        fields_ms = timed(lambda: author.get(f"{base}/fields?case=0&page=0"), rounds)

        samples = []
        for n in range(rounds):
            with open_store(config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
                revision = uow.definitions.get(CODE, 1).revision
            author.post(f"{base}/fields?case=0&page=0", data={
                "revision": revision, "action": "update", "name": "f0_0", "label_vi": f"Trường sửa {n}",
                "label_en": f"Edited field {n}"})
            start = time.perf_counter()
            response = author.get(f"{base}/preview?page=applicant")
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200 and f"Trường sửa {n}" in response.get_data(as_text=True)
        preview_ms = statistics.median(samples)

        citizen = worker_two.test_client()
        assert citizen.get(f"/procedures/{CODE}").status_code == 404
        with open_store(config["MOTCUA_STORE"]) as store, store.unit_of_work() as uow:
            record = uow.definitions.get(CODE, 1)
        for action in ("submit", "publish"):
            client = author if action == "submit" else signed_in(worker_one, "duyet.hcm")
            client.post(f"{base}/{action}", data={"revision": record.revision})
            record.revision += 1
        published = time.perf_counter()
        while citizen.get(f"/procedures/{CODE}").status_code != 200:
            if time.perf_counter() - published > 30:
                raise SystemExit("the second worker never served the publication")
            time.sleep(0.05)
        served_s = time.perf_counter() - published

    print(f"open a 100-field procedure (overview, checks included): {open_ms:7.1f} ms  (target <= 150 ms)")
    print(f"open its first form page in the field editor:          {fields_ms:7.1f} ms  (target <= 150 ms)")
    print(f"preview refresh after an edit:                         {preview_ms:7.1f} ms  (target <= 100 ms)")
    print(f"publish -> served by a second worker:                  {served_s:7.2f} s   (target <= 5 s)")


if __name__ == "__main__":
    main()
