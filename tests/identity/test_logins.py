"""The demo citizen login, officials' password login, logout, lifetimes, redirects and who sees what."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runtime import create_app
from runtime.dossiers.model import Dossier, Person
from runtime.identity import session as identity_session
from runtime.identity.officials import JsonOfficialDirectory
from runtime.web.access import Principal, access, can_see_dossier
from runtime.web.auth import safe_next

from .helpers import DEMO_PASSWORD, csrf_token, demo_login, logged_in, official_login

ROOT = Path(__file__).resolve().parents[2]
FIRST_FEATURED = "079095220260"  # Nguyễn Thanh Bảo, the demo page's first citizen


# -- demo citizens -------------------------------------------------------------------------------

def test_demo_citizen_is_logged_in_when_chosen_on_the_demo_page(demo_app):
    client = demo_app.test_client()
    response = demo_login(client, FIRST_FEATURED, next_url="/procedures/1.001193")
    assert response.status_code == 302 and response.location == "/procedures/1.001193"
    who = logged_in(client)
    assert (who["kind"], who["personal_id"], who["name"]) == ("citizen", FIRST_FEATURED, "Nguyễn Thanh Bảo")


def test_demo_page_is_labelled_a_demonstration_and_lists_citizens_when_shown(demo_app):
    client = demo_app.test_client()
    page = client.get(client.get("/auth/citizen").location + "&lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Demonstration" in html and "invented" in html
    assert html.count('name="personal_id"') >= 6


def test_demo_search_finds_a_citizen_when_the_name_is_typed_without_accents(demo_app):
    client = demo_app.test_client()
    state = client.get("/auth/citizen").location.split("state=")[1]
    html = client.get("/auth/demo", query_string={"state": state, "q": "nguyen thanh bao"}).get_data(as_text=True)
    assert FIRST_FEATURED in html


def test_demo_login_is_refused_when_the_csrf_token_is_missing(demo_app):
    client = demo_app.test_client()
    state = client.get("/auth/citizen").location.split("state=")[1]
    response = client.post("/auth/demo", data={"state": state, "personal_id": FIRST_FEATURED})
    assert response.status_code == 400
    assert logged_in(client) is None


def test_demo_login_is_refused_when_the_state_was_not_started_here(demo_app):
    client = demo_app.test_client()
    html = client.get(client.get("/auth/citizen").location).get_data(as_text=True)
    response = client.post("/auth/demo", data={"csrf_token": csrf_token(html), "state": "made-up",
                                                "personal_id": FIRST_FEATURED})
    assert response.status_code == 400
    assert logged_in(client) is None


def test_demo_login_is_refused_when_the_person_is_not_in_the_registry(demo_app):
    response = demo_login(client := demo_app.test_client(), "079000000000")
    assert response.status_code == 400
    assert logged_in(client) is None


def test_demo_page_is_not_found_when_the_identity_provider_is_oidc(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                      "MOTCUA_IDENTITY": "oidc", "MOTCUA_OIDC_ISSUER": "https://id.example.gov.vn",
                      "MOTCUA_OIDC_CLIENT_ID": "c"})
    assert app.test_client().get("/auth/demo").status_code == 404


def test_app_refuses_to_start_when_the_demo_provider_is_configured_in_production(tmp_path):
    with pytest.raises(RuntimeError, match="demo identity provider"):
        create_app({"TESTING": True, "SECRET_KEY": "s", "INSTANCE_PATH": str(tmp_path / "i"),
                    "MOTCUA_ENV": "production"})


def test_sign_in_hooks_receive_the_anonymous_draft_owner_when_a_citizen_signs_in(demo_app):
    calls = []

    def hook(previous_owner, principal):
        calls.append((previous_owner, principal.id))

    identity_session.on_sign_in.connect(hook)
    try:
        client = demo_app.test_client()
        with client.session_transaction() as sess:
            sess["draft_owner"] = "anonymous-owner-123"
        demo_login(client, FIRST_FEATURED)
    finally:
        identity_session.on_sign_in.disconnect(hook)
    assert calls == [("anonymous-owner-123", f"vn-{FIRST_FEATURED}")]


def test_sign_in_succeeds_when_a_hook_fails(demo_app):
    def broken(previous_owner, principal):
        raise RuntimeError("drafts store is down")

    identity_session.on_sign_in.connect(broken)
    try:
        client = demo_app.test_client()
        assert demo_login(client, FIRST_FEATURED).status_code == 302
    finally:
        identity_session.on_sign_in.disconnect(broken)
    assert logged_in(client)["personal_id"] == FIRST_FEATURED


# -- officials -----------------------------------------------------------------------------------

def test_official_is_logged_in_with_their_roles_when_the_password_is_right(demo_app):
    client = demo_app.test_client()
    response = official_login(client, "hotich.saigon")
    assert response.status_code == 302
    who = logged_in(client)
    assert who["kind"] == "official" and who["id"] == "hotich.saigon"
    assert who["roles"] == [["000.26.740.H79", "civil-status-officer"]]
    page = client.get("/auth/official/me", query_string={"lang": "en"}).get_data(as_text=True)
    assert "People&#39;s Committee of Saigon Ward" in page and "Civil status officer" in page


def test_official_login_gives_the_same_answer_when_the_user_or_the_password_is_wrong(demo_app):
    client = demo_app.test_client()
    wrong_password = official_login(client, "hotich.saigon", "not-the-password").get_data(as_text=True)
    no_such_user = official_login(client, "nobody.here", DEMO_PASSWORD).get_data(as_text=True)
    message = "Tên đăng nhập hoặc mật khẩu không đúng."
    assert message in wrong_password and message in no_such_user
    assert logged_in(client) is None


def test_official_is_locked_out_when_the_password_was_wrong_five_times(demo_app):
    client = demo_app.test_client()
    for _ in range(5):
        assert official_login(client, "lanhdao.saigon", "guess").status_code == 200
    response = official_login(client, "lanhdao.saigon", DEMO_PASSWORD)
    assert response.status_code == 429
    assert logged_in(client) is None
    other = official_login(client, "lanhdao.benthanh", DEMO_PASSWORD)  # other accounts are not locked
    assert other.status_code == 302


def test_official_login_is_refused_when_the_account_is_deactivated(demo_app):
    client = demo_app.test_client()
    assert official_login(client, "nghiviec.saigon").status_code == 200
    assert logged_in(client) is None


def _step_kinds(procedure: dict) -> list[tuple[str, str]]:
    """(agency kind, role) of each official step; a step without an agency rule stays where the last one was."""
    out, kind = [], procedure["agency_kind"]["id"]
    for step in procedure["processing"]["steps"]:
        if step.get("agency"):
            kind = step["agency"].get("kind", procedure["agency_kind"]["id"])
        if step["role"] != "applicant":
            out.append((kind, step["role"]))
    return out


def test_demo_officials_cover_every_role_of_the_procedures_when_the_agency_kind_is_in_the_demo(demo_app):
    agencies = demo_app.extensions["motcua.agencies"]
    directory = JsonOfficialDirectory(ROOT / "runtime" / "demo" / "officials.json", [a.code for a in agencies])
    held = {(agency, role) for official in directory if official.active for agency, role in official.roles}
    # The demo's own agencies (the rest of the country is generated and has no demo officials).
    demo = {a["code"] for a in json.loads((ROOT / "runtime" / "demo" / "agencies.json").read_text("utf-8"))["agencies"]}
    missing = set()
    for path in sorted((ROOT / "procedures").glob("*/procedure.json")):
        for kind, role in _step_kinds(json.loads(path.read_text(encoding="utf-8"))):
            missing |= {(path.parent.name, a.code, role) for a in agencies.of_kind(kind)
                    if a.code in demo and (a.code, role) not in held}
    assert sorted(missing) == []


# -- logout, lifetimes, redirects -------------------------------------------------------------------

def test_logout_clears_the_session_when_posted_with_the_csrf_token(demo_app):
    client = demo_app.test_client()
    demo_login(client, FIRST_FEATURED)
    token = csrf_token(client.get("/auth/me").get_data(as_text=True))
    response = client.post("/auth/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert logged_in(client) is None
    assert client.get("/auth/me").status_code == 302
    assert "Bạn đã đăng xuất." in client.get(response.location).get_data(as_text=True)


def test_logout_is_refused_when_the_csrf_token_is_missing_or_the_method_is_get(demo_app):
    client = demo_app.test_client()
    demo_login(client, FIRST_FEATURED)
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/auth/logout").status_code == 405
    assert logged_in(client) is not None


def test_session_ends_when_it_was_idle_longer_than_the_lifetime(demo_app, clock):
    client = demo_app.test_client()
    demo_login(client, FIRST_FEATURED)
    clock.now += 59
    assert client.get("/auth/me").status_code == 200
    clock.now += 61
    response = client.get("/auth/me")
    assert response.status_code == 302 and response.location.startswith("/auth/login")
    assert logged_in(client) is None
    assert "Phiên làm việc đã kết thúc" in client.get(response.location).get_data(as_text=True)


def test_session_ends_when_the_absolute_lifetime_passed_despite_activity(demo_app, clock):
    client = demo_app.test_client()
    official_login(client, "tiepnhan.saigon")
    for _ in range(5):  # active every 50 s: never idle, 250 s in all
        clock.now += 50
        assert client.get("/auth/official/me").status_code == 200
    clock.now += 51  # 301 s after sign-in, the absolute lifetime being 300 s
    assert client.get("/auth/official/me").status_code == 302
    assert logged_in(client) is None


def test_copied_session_cookie_is_refused_when_its_owner_has_logged_out(demo_app):
    client, thief = demo_app.test_client(), demo_app.test_client()
    official_login(client, "lanhdao.saigon")
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/auth/official/me").status_code == 200
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/auth/official/me").get_data(as_text=True))})
    response = thief.get("/auth/official/me")
    assert response.status_code == 302 and response.location.startswith("/auth/login")


def test_identity_is_forgotten_on_the_server_when_the_citizen_logs_out(demo_app):
    client = demo_app.test_client()
    demo_login(client, FIRST_FEATURED)
    vault = Path(demo_app.instance_path) / "identity" / "sessions"
    assert len(list(vault.glob("*.json"))) == 1
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/auth/me").get_data(as_text=True))})
    assert list(vault.glob("*.json")) == []


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/path", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)",
    "http:/evil.example", "/\r\nLocation: https://evil.example", "/\t/evil.example", "evil.example",
])
def test_login_goes_home_when_next_points_off_site(demo_app, target):
    client = demo_app.test_client()
    response = official_login(client, "tiepnhan.saigon", next_url=target)
    assert response.status_code == 302
    assert response.location == "/"


def test_login_goes_to_next_when_it_is_a_path_on_this_site(demo_app):
    response = official_login(demo_app.test_client(), "tiepnhan.saigon", next_url="/procedures/1.001193?x=1")
    assert response.location == "/procedures/1.001193?x=1"


def test_safe_next_refuses_control_characters_and_auth_pages_when_checked():
    assert safe_next("/a\x00b") is None
    assert safe_next("/auth/logout") is None
    assert safe_next("/auth/official/") is None
    assert safe_next("/auth/me?") == "/auth/me"
    assert safe_next("/procedures/1.001193?") == "/procedures/1.001193"


# -- who sees what -------------------------------------------------------------------------------

def test_citizen_is_refused_an_official_page_when_logged_in(demo_app):
    client = demo_app.test_client()
    demo_login(client, FIRST_FEATURED)
    assert client.get("/auth/official/me").status_code == 403
    assert client.get("/auth/me").status_code == 200


def test_official_is_refused_a_citizen_page_when_logged_in(demo_app):
    client = demo_app.test_client()
    official_login(client, "tiepnhan.saigon")
    assert client.get("/auth/me").status_code == 403
    assert client.get("/auth/official/me").status_code == 200


def test_anonymous_visitor_is_sent_to_log_in_and_back_when_opening_an_account_page(demo_app):
    client = demo_app.test_client()
    for path in ("/auth/me", "/auth/official/me"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.location.startswith("/auth/login?next=")
    login_page = client.get(client.get("/auth/official/me").location).get_data(as_text=True)
    assert "next=/auth/official/me" in login_page.replace("%2F", "/")
    assert official_login(client, "tiepnhan.saigon", next_url="/auth/official/me?").location == "/auth/official/me"


def _dossier(account_id: str | None, agency: str) -> Dossier:
    return Dossier(procedure_code="1.001193", applicant=Person(full_name="Nguyễn Văn A"),
                   account_id=account_id, agency_code=agency)


def test_citizen_sees_only_their_own_dossiers_when_checked():
    mine, theirs = _dossier("vn-079095220260", "000.26.740.H79"), _dossier("vn-079300334579", "000.26.740.H79")
    citizen = Principal("citizen", "vn-079095220260", personal_id="079095220260")
    assert can_see_dossier(citizen, mine)
    assert not can_see_dossier(citizen, theirs)
    assert not can_see_dossier(citizen, _dossier(None, "000.26.740.H79"))


def test_official_sees_only_their_agencies_dossiers_when_checked():
    official = Principal("official", "hotich.saigon", roles=frozenset({("000.26.740.H79", "civil-status-officer")}))
    assert can_see_dossier(official, _dossier("vn-079095220260", "000.26.740.H79"))
    assert not can_see_dossier(official, _dossier("vn-079095220260", "000.26.743.H79"))
    assert not can_see_dossier(Principal("anonymous"), _dossier("vn-079095220260", "000.26.740.H79"))


def test_principal_signed_in_by_other_code_stays_signed_in_when_it_makes_several_requests(demo_app):
    from runtime.web.access import sign_in

    @demo_app.route("/_t/sign-in")
    @access("public")
    def _sign_in():
        sign_in(Principal("official", "tool", roles=frozenset({("000.26.740.H79", "receiver")})))
        return "ok"

    client = demo_app.test_client()
    client.get("/_t/sign-in")
    assert [client.get("/auth/official/me").status_code for _ in range(3)] == [200, 200, 200]
