"""The public scorecard page and its CSV: indicators per month and agency, tables without JavaScript, both languages."""

from __future__ import annotations

import csv
import io

import pytest

from tests.officials.conftest import AGENCY, file_dossier
from tests.web.test_page_invariants import problems_of


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_scorecard_shows_every_indicator_in_tables_and_keeps_the_page_invariants(client, services, lang):
    file_dossier(services)
    response = client.get(f"/scorecard/?province=79&year=2026&lang={lang}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="scorecard-months"' in body and 'id="scorecard-agencies"' in body and "chart.umd.min.js" in body
    for words in (["Results on time", "Filed online", "Fully online", "Satisfied users", "Results issued digitally",
                   "Feedback answered on time"] if lang == "en" else ["Đúng hạn", "Trực tuyến toàn trình"]):
        assert words.casefold() in body.casefold(), words
    assert "03/2026" in body and "100%" in body, "the filed dossier counts in March"
    assert not problems_of(body), problems_of(body)


def test_unknown_province_year_or_month_fall_back_to_defaults_instead_of_failing(client):
    for query in ("province=zz&year=abc&month=99", "year=1900", "agency=nope&month=x", "year=3000"):
        assert client.get(f"/scorecard/?{query}").status_code == 200, query


def test_one_agency_and_one_month_narrow_the_figures(client, services):
    file_dossier(services)
    body = client.get(f"/scorecard/?province=79&agency={AGENCY}&year=2026&month=3&lang=en").get_data(as_text=True)
    assert "Month 03/2026" in body and 'id="scorecard-agencies"' not in body


def test_the_csv_has_one_row_per_agency_and_month_with_every_indicator(client, services):
    file_dossier(services)
    response = client.get("/scorecard/scorecard.csv?province=79&year=2026&lang=en")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Agency code", "Agency", "Month"] and rows[0][-1] == "Feedback answered on time (%)"
    assert rows[1][0] == AGENCY and rows[1][2] == "2026-03" and rows[1][3] == "1"
    assert rows[1][rows[0].index("Filed online (%)")] == "100.0"


def test_the_charting_library_is_served_locally(client):
    with client.get("/static/vendor/chartjs/chart.umd.min.js") as response:
        assert response.status_code == 200 and b"Chart" in response.get_data()[:5000]
