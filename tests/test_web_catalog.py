"""The public catalog pages."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", ["khai sinh", "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH"])
def test_catalog_search_finds_procedures_with_or_without_diacritics(client, query):
    page = client.get("/", query_string={"q": query}).get_data(as_text=True)
    assert 'href="/procedures/1.001193"' in page


def test_catalog_says_so_when_nothing_matches(client):
    page = client.get("/", query_string={"q": "xyzzy"}).get_data(as_text=True)
    assert "Không có thủ tục nào phù hợp" in page


def test_procedure_summary_shows_components_fees_and_time_limit(client):
    response = client.get("/procedures/1.001193")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Giấy chứng sinh" in page and "Thời hạn giải quyết" in page and "8.000 đ" in page


def test_unknown_procedure_is_a_clear_404(client):
    response = client.get("/procedures/9.999999")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_language_switch_to_english_is_remembered(client):
    assert "Administrative procedures" in client.get("/?lang=en").get_data(as_text=True)
    page = client.get("/procedures/1.001193").get_data(as_text=True)
    assert "Birth registration" in page and '<html lang="en">' in page


def test_vietnamese_is_the_default_language(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page and "Thủ tục hành chính" in page


def test_every_response_carries_security_headers(client):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_search_text_is_escaped_not_interpreted(client):
    page = client.get("/", query_string={"q": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_static_files_cannot_escape_the_theme_folder(client):
    assert client.get("/static/../../runtime/app.py").status_code == 404
    response = client.get("/static/css/motcua.css")
    assert response.status_code == 200
    response.close()
