"""The indicators dashboard and its CSV, over dossiers taken through the services."""

from __future__ import annotations

import csv
import io

import pytest

from runtime.services import act_on_dossier
from runtime.web.officials import actor_of

from .conftest import LEADER, OFFICER, RECEIVER, at, change, file_dossier, log_in


@pytest.fixture
def handled(services, clock):
    """Two dossiers filed on Monday 2 March 2026: one returned early and rated 4, one still being examined."""
    done = file_dossier(services)
    open_ = file_dossier(services, name="Lê Văn Tám")
    for actor, action, hour in [(RECEIVER, "accept", 9), (OFFICER, "propose", 10), (LEADER, "approve", 11)]:
        clock.now = at(2, hour)
        act_on_dossier(services, done.id, action, actor_of(actor))
    act_on_dossier(services, done.id, "hand-over", actor_of(RECEIVER))
    change(services, done.id, extra={**_stored(services, done.id).extra,
                                     "rating": {"score": 4, "at": at(2, 15).isoformat()}})
    act_on_dossier(services, open_.id, "accept", actor_of(RECEIVER))
    clock.now = at(10, 9)
    return done, open_


def _stored(services, dossier_id):
    with services.store.unit_of_work() as uow:
        return uow.dossiers.get(dossier_id)


def rows(client, period="month"):
    response = client.get(f"/officials/kpis.csv?period={period}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_csv_has_one_row_per_procedure_with_each_figure_when_a_leader_exports(client, handled):
    log_in(client, LEADER)
    client.get("/officials/?lang=en")
    header, *body = rows(client)
    assert header[:5] == ["Agency code", "Agency", "Procedure code", "Procedure", "Received"]
    assert body == [["000.26.743.H79", "People's Committee of Ben Thanh Ward", "1.001193", "Birth registration",
                     "2", "1", "0", "1", "1", "0", "0", "100.0", "0.31", "100.0", "4.00",
                     "The civil status officer examines the dossier: 1"]]


def test_csv_headers_and_names_are_vietnamese_when_the_leader_reads_vietnamese(client, handled):
    log_in(client, LEADER)
    header, *body = rows(client)
    assert header[1] == "Cơ quan" and body[0][1] == "Ủy ban nhân dân Phường Bến Thành"


def test_figures_follow_the_dossiers_when_they_change_after_a_first_look(services, client, handled):
    _done, open_ = handled
    log_in(client, LEADER)
    assert rows(client)[1][5] == "1"
    act_on_dossier(services, open_.id, "refuse", actor_of(OFFICER), comment="Không đủ điều kiện")
    assert rows(client)[1][5] == "0"


def test_dashboard_shows_the_figures_and_bars_when_a_leader_opens_it(client, handled):
    log_in(client, LEADER)
    page = client.get("/officials/kpis?period=year&lang=en").get_data(as_text=True)
    assert "Indicators" in page and "People&#39;s Committee of Ben Thanh Ward" in page
    assert "motcua-stack__early motcua-w-100" in page and "motcua-bar__fill motcua-w-100" in page
    assert '<strong aria-current="page">This year</strong>' in page
    assert "style=" not in page.split("<main", 1)[1], "no inline styles (CSP)"


def test_dashboard_falls_back_to_this_month_when_the_period_is_unknown(client, handled):
    log_in(client, LEADER)
    page = client.get("/officials/kpis?period=decade&lang=en").get_data(as_text=True)
    assert '<strong aria-current="page">This month</strong>' in page
