"""A standard OpenID Connect client: authorization code flow with PKCE, state and nonce.

Built on Authlib (the OAuth 2 session for the authorization URL and the code
exchange, the OpenID Connect ``CodeIDToken`` claims rules) and joserfc (Authlib's
JOSE library) for the ID token's signature against the provider's JWKS.

Configuration (Flask config keys)::

    MOTCUA_IDENTITY = "oidc"
    MOTCUA_OIDC_ISSUER = "https://id.example.gov.vn"     # discovery: ISSUER/.well-known/openid-configuration
    MOTCUA_OIDC_CLIENT_ID / MOTCUA_OIDC_CLIENT_SECRET
    MOTCUA_OIDC_SCOPES = "openid profile email phone address"
    MOTCUA_OIDC_PERSONAL_ID_CLAIM = "personal_id"        # the claim holding the 12-digit personal ID
    MOTCUA_OIDC_CLAIMS = {"claim.path": "attribute.path"} # extra claim → identity-attribute mappings
    MOTCUA_OIDC_NAME = {"vi": "...", "en": "..."}         # the provider's name on the login page
    MOTCUA_OIDC_REDIRECT_URI                              # only behind a proxy that hides the public URL

The issuer must use https, except on a loopback address (local tests).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from ..base import PERSONAL_ID, Identity, IdentityProvider, LoginRefused

log = logging.getLogger(__name__)

#: Asymmetric signature algorithms accepted on ID tokens (never ``none`` nor a shared-secret HMAC).
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
#: Standard claims → identity attributes (``citizen.`` omitted).
DEFAULT_CLAIMS: dict[str, str] = {
    "name": "full_name",
    "family_name": "family_name",
    "middle_name": "middle_name",
    "given_name": "given_name",
    "birthdate": "birth_date",
    "gender": "sex",
    "email": "email",
    "phone_number": "phone",
    "nationality": "nationality",
    "address.formatted": "current_address.text",
}
_CANCELLED = {"access_denied", "login_required", "consent_required", "interaction_required",
              "account_selection_required"}
_CACHE_SECONDS = 3600


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _claim(claims: Mapping[str, Any], path: str) -> Any:
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.removeprefix("citizen.").split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


class OidcIdentityProvider(IdentityProvider):
    name = "oidc"

    def __init__(self, issuer: str, client_id: str, client_secret: str | None = None, *,
                 scopes: str = "openid profile email phone address", personal_id_claim: str = "personal_id",
                 claims: Mapping[str, str] | None = None, label: Mapping[str, str] | str | None = None,
                 timeout: float = 10.0, leeway: int = 60, http: requests.Session | None = None,
                 clock: Callable[[], float] = time.time):
        parts = urlsplit(issuer)
        if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(parts.hostname)):
            raise ValueError("the OpenID Connect issuer must use https")
        if not client_id:
            raise ValueError("MOTCUA_OIDC_CLIENT_ID is not set")
        if "openid" not in scopes.split():
            scopes = f"openid {scopes}"
        self.issuer = issuer
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = scopes
        self.personal_id_claim = personal_id_claim
        self.claims = {**DEFAULT_CLAIMS, **(claims or {})}
        if isinstance(label, str):
            label = {"vi": label, "en": label}
        self.label = label or {"vi": "Tài khoản định danh điện tử", "en": "Electronic identity account"}
        self.timeout = timeout
        self.leeway = leeway
        self.http = http or requests.Session()
        self.clock = clock
        self._lock = threading.Lock()
        self._metadata: tuple[float, dict[str, Any]] | None = None
        self._jwks: tuple[float, dict[str, Any]] | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> OidcIdentityProvider:
        issuer = config.get("MOTCUA_OIDC_ISSUER")
        if not issuer:
            raise RuntimeError("MOTCUA_IDENTITY is 'oidc' but MOTCUA_OIDC_ISSUER is not set")
        return cls(issuer, config.get("MOTCUA_OIDC_CLIENT_ID", ""), config.get("MOTCUA_OIDC_CLIENT_SECRET"),
                   scopes=config.get("MOTCUA_OIDC_SCOPES", "openid profile email phone address"),
                   personal_id_claim=config.get("MOTCUA_OIDC_PERSONAL_ID_CLAIM", "personal_id"),
                   claims=config.get("MOTCUA_OIDC_CLAIMS"), label=config.get("MOTCUA_OIDC_NAME"),
                   timeout=float(config.get("MOTCUA_OIDC_TIMEOUT", 10)),
                   leeway=int(config.get("MOTCUA_OIDC_LEEWAY", 60)))

    # -- the provider's published documents ---------------------------------------------------

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = self.http.get(url, timeout=self.timeout, headers={"Accept": "application/json"})
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise LoginRefused("unavailable", f"GET {url}: {exc}") from exc
        if not isinstance(data, dict):
            raise LoginRefused("unavailable", f"GET {url}: not a JSON object")
        return data

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (cached for an hour)."""
        with self._lock:
            if self._metadata and self.clock() - self._metadata[0] < _CACHE_SECONDS:
                return self._metadata[1]
        data = self._get_json(f"{self.issuer.rstrip('/')}/.well-known/openid-configuration")
        if data.get("issuer") != self.issuer:
            raise LoginRefused("unavailable", f"discovery names issuer {data.get('issuer')!r}, not {self.issuer!r}")
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(data.get(key), str):
                raise LoginRefused("unavailable", f"discovery lacks {key}")
        with self._lock:
            self._metadata = (self.clock(), data)
        return data

    def _key_set(self, refresh: bool = False) -> KeySet:
        with self._lock:
            cached = self._jwks
        if refresh or not cached or self.clock() - cached[0] >= _CACHE_SECONDS:
            data = self._get_json(self.metadata()["jwks_uri"])
            cached = (self.clock(), data)
            with self._lock:
                self._jwks = cached
        try:
            return KeySet.import_key_set(cached[1])  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise LoginRefused("unavailable", f"unusable JWKS: {exc}") from exc

    def _session(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(self.client_id, self.client_secret, scope=self.scopes, redirect_uri=redirect_uri,
                             code_challenge_method="S256", token_endpoint_auth_method="client_secret_basic"
                             if self.client_secret else "none")

    # -- the login ------------------------------------------------------------------------------

    def begin(self, redirect_uri: str) -> tuple[str, dict[str, Any]]:
        meta = self.metadata()
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        url, _ = self._session(redirect_uri).create_authorization_url(
            meta["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier)
        return url, {"state": state, "nonce": nonce, "code_verifier": verifier, "redirect_uri": redirect_uri}

    def complete(self, args: Mapping[str, str], kept: Mapping[str, Any]) -> Identity:
        state = args.get("state") or ""
        if not kept.get("state") or not hmac.compare_digest(str(kept["state"]), state):
            raise LoginRefused("state", "state does not match the login started here")
        meta = self.metadata()
        expects_iss = "iss" in args or meta.get("authorization_response_iss_parameter_supported")
        if expects_iss and args.get("iss") != self.issuer:  # RFC 9207: a response meant for another provider
            raise LoginRefused("state", f"authorization response from issuer {args.get('iss')!r}")
        if args.get("error"):
            error = args["error"]
            raise LoginRefused("cancelled" if error in _CANCELLED else "unavailable", f"provider said {error}")
        code = args.get("code")
        if not code:
            raise LoginRefused("state", "no authorization code")
        token = self._exchange(code, kept)
        claims = self.verify_id_token(token.get("id_token"), kept["nonce"], token.get("access_token"))
        info = self._userinfo(token.get("access_token"), claims["sub"]) if meta.get("userinfo_endpoint") else {}
        return self._identity({**claims, **info}, claims)

    def _exchange(self, code: str, kept: Mapping[str, Any]) -> dict[str, Any]:
        """Trade the code (with the PKCE verifier) for tokens at the token endpoint."""
        session = self._session(kept["redirect_uri"])
        try:
            token = session.fetch_token(self.metadata()["token_endpoint"], code=code,
                                        code_verifier=kept["code_verifier"], timeout=self.timeout)
        except AuthlibBaseError as exc:  # an OAuth error answer (invalid_grant: used code, wrong PKCE verifier...)
            raise LoginRefused("token", f"token endpoint: {exc.error} {exc.description or ''}") from exc
        except (requests.RequestException, ValueError) as exc:
            raise LoginRefused("unavailable", f"token endpoint: {exc}") from exc
        finally:
            session.close()
        return dict(token)

    def verify_id_token(self, id_token: Any, nonce: str, access_token: str | None = None) -> dict[str, Any]:
        """The ID token's claims, once its signature, issuer, audience, expiry and nonce hold."""
        if not isinstance(id_token, str) or id_token.count(".") != 2:
            raise LoginRefused("token", "no signed ID token")
        meta = self.metadata()
        offered = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in offered if a in SIGNING_ALGORITHMS]
        registry = JWSRegistry(algorithms=algorithms)
        try:
            try:
                decoded = jwt.decode(id_token, self._key_set(), algorithms=algorithms, registry=registry)
            except JoseError as exc:
                if exc.error not in ("invalid_key_id", "missing_key"):
                    raise
                # the provider may have rotated its keys: fetch them again once
                decoded = jwt.decode(id_token, self._key_set(refresh=True), algorithms=algorithms,
                                     registry=registry)
            options = {"iss": {"essential": True, "value": self.issuer},
                       "aud": {"essential": True, "value": self.client_id},
                       "sub": {"essential": True}, "exp": {"essential": True}, "iat": {"essential": True}}
            params = {"nonce": nonce, "client_id": self.client_id}
            if access_token:
                params["access_token"] = access_token
            claims = CodeIDToken(decoded.claims, decoded.header, options, params)
            claims.validate(now=int(self.clock()), leeway=self.leeway)
        except JoseError as exc:
            raise LoginRefused("token", f"ID token refused: {exc.error} {exc.description or ''}") from exc
        except (ValueError, TypeError) as exc:
            raise LoginRefused("token", f"ID token unreadable: {exc}") from exc
        if not nonce or not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise LoginRefused("token", "nonce does not match")
        return dict(claims)

    def _userinfo(self, access_token: str | None, subject: str) -> dict[str, Any]:
        if not access_token:
            return {}
        try:
            response = self.http.get(self.metadata()["userinfo_endpoint"], timeout=self.timeout,
                                     headers={"Authorization": f"Bearer {access_token}",
                                              "Accept": "application/json"})
            response.raise_for_status()
            info = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise LoginRefused("unavailable", f"userinfo: {exc}") from exc
        if not isinstance(info, dict) or info.get("sub") != subject:
            raise LoginRefused("token", "userinfo is about another subject")
        return info

    def _identity(self, claims: Mapping[str, Any], id_claims: Mapping[str, Any]) -> Identity:
        personal_id = _claim(claims, self.personal_id_claim)
        if not isinstance(personal_id, str) or not PERSONAL_ID.match(personal_id):
            raise LoginRefused("attributes", "no 12-digit personal ID among the claims")
        attributes: dict[str, Any] = {"personal_id": personal_id}
        for claim_path, attribute in self.claims.items():
            value = _claim(claims, claim_path)
            if value in (None, "", [], {}):
                continue
            if claim_path == "gender" and value not in ("male", "female"):
                continue
            if claim_path == "email" and claims.get("email_verified") is False:
                continue
            _put(attributes, attribute, value)
        name = attributes.get("full_name") or " ".join(
            str(attributes[k]) for k in ("family_name", "middle_name", "given_name") if attributes.get(k))
        attributes["full_name"] = name
        acr = id_claims.get("acr")
        return Identity("oidc", str(id_claims["sub"]), personal_id, name, attributes,
                        acr if isinstance(acr, str) else None)
