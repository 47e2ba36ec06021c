"""Who may see each view: every endpoint declares it, and it is enforced before the view runs.

``@access("public")``, ``@access("citizen")``, ``@access("official")`` or
``@access("official", role="leader")``. An endpoint without a declaration is
refused (403) and flagged by a test, so no view is ever open by accident.
Object-level rules (a citizen sees only their own dossiers, an official only
their agency's) are checked by the views with :func:`can_see_dossier`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from flask import Flask, abort, current_app, redirect, request, session, url_for

F = TypeVar("F", bound=Callable[..., Any])
Audience = Literal["public", "citizen", "official", "any-user"]


@dataclass(frozen=True)
class Policy:
    audience: Audience
    role: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who is making the request."""

    kind: Literal["anonymous", "citizen", "official"]
    id: str = ""
    name: str = ""
    personal_id: str | None = None
    roles: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    """(agency code, role) pairs of an official."""

    @property
    def is_citizen(self) -> bool:
        return self.kind == "citizen"

    @property
    def is_official(self) -> bool:
        return self.kind == "official"

    def agencies(self, role: str | None = None) -> set[str]:
        return {agency for agency, r in self.roles if role is None or r == role}

    def has_role(self, role: str, agency: str | None = None) -> bool:
        return any(r == role and (agency is None or a == agency) for a, r in self.roles)

    def to_session(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name, "personal_id": self.personal_id,
                "roles": sorted(list(r) for r in self.roles)}

    @classmethod
    def from_session(cls, data: dict[str, Any] | None) -> Principal:
        if not data or data.get("kind") not in ("citizen", "official"):
            return ANONYMOUS
        return cls(data["kind"], data.get("id", ""), data.get("name", ""), data.get("personal_id"),
                   frozenset(tuple(r) for r in data.get("roles", ())))


ANONYMOUS = Principal("anonymous")
SESSION_KEY = "principal"


def current_principal() -> Principal:
    return Principal.from_session(session.get(SESSION_KEY))


def sign_in(principal: Principal) -> None:
    """Start a fresh session for ``principal`` (the old session's content is dropped)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session[SESSION_KEY] = principal.to_session()
    session.permanent = True


def sign_out() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def access(audience: Audience, role: str | None = None) -> Callable[[F], F]:
    """Declare who may call a view."""

    def mark(view: F) -> F:
        view.motcua_access = Policy(audience, role)  # type: ignore[attr-defined]
        return view

    return mark


def policy_of(endpoint: str | None) -> Policy | None:
    if endpoint is None:
        return None
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "motcua_access", None)


def _login_url() -> str:
    endpoint = current_app.config.get("MOTCUA_LOGIN_ENDPOINT", "auth.login")
    from werkzeug.routing import BuildError

    try:
        return url_for(endpoint, next=request.full_path)
    except BuildError:  # no login view configured: refuse instead
        abort(401)


def _enforce() -> Any:
    if request.endpoint is None:  # 404/405: let Flask answer
        return None
    policy = policy_of(request.endpoint)
    if policy is None:
        abort(403)
    if policy.audience == "public":
        return None
    who = current_principal()
    if who.kind == "anonymous":
        return redirect(_login_url())
    if policy.audience == "citizen" and not who.is_citizen:
        abort(403)
    if policy.audience == "official" and (not who.is_official or (policy.role and not who.has_role(policy.role))):
        abort(403)
    return None


def can_see_dossier(who: Principal, dossier: Any) -> bool:
    """A citizen sees their own dossiers; an official those of their agencies."""
    if who.is_citizen:
        return dossier.account_id is not None and dossier.account_id == who.id
    if who.is_official:
        return dossier.agency_code in who.agencies()
    return False


def init_app(app: Flask) -> None:
    app.before_request(_enforce)

    @app.context_processor
    def _principal() -> dict[str, Any]:
        return {"principal": current_principal()}
