"""A JSON API for dossier status, for the national portal and other systems (see /api/openapi.json)."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from ..dossiers.model import Dossier
from ..storage import DossierNotFound
from ..workflow.national import NATIONAL_STATUS
from .access import access
from .security import csrf

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)



def _authorised() -> bool:
    keys = [k.strip() for k in str(current_app.config.get("MOTCUA_API_KEYS") or "").split(",") if k.strip()]
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(given) and any(hmac.compare_digest(given, key) for key in keys)


def _error(status: int, code: str, message: str):
    return jsonify({"error": {"code": code, "message": message}}), status


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def dossier_status(dossier: Dossier, procedure_name: dict[str, str]) -> dict[str, Any]:
    return {
        "reference": dossier.reference, "procedure_code": dossier.procedure_code, "procedure_name": procedure_name,
        "definition_version": dossier.definition_version, "agency_code": dossier.agency_code,
        "channel": dossier.channel, "step": dossier.status.step, "national_status": dossier.status.national_code,
        "national_status_name": NATIONAL_STATUS.get(dossier.status.national_code),
        "submitted_at": _iso(dossier.submitted_at), "received_at": _iso(dossier.received_at),
        "due_at": _iso(dossier.due_at), "returned_at": _iso(dossier.returned_at),
        "history": [{"at": e.at.isoformat(), "action": e.action, "step": e.to_step,
                     "national_status": e.data.get("national_code")} for e in dossier.events
                    if e.action not in ("rate",) and not e.action.startswith("identity.")],
    }


@bp.route("/v1/dossiers/<reference>")
@access("public")
def status(reference: str):
    """Systems holding an API key read a dossier's status (the key is checked here)."""
    if not _authorised():
        return _error(401, "unauthorised", "a valid API key is required (Authorization: Bearer <key>)")
    services = current_app.extensions["motcua.services"]
    try:
        with services.store.unit_of_work() as uow:
            dossier = uow.dossiers.get_by_reference(reference[:60])
    except DossierNotFound:
        return _error(404, "not_found", "no dossier has this reference")
    procedure, _case = services.definition_of(dossier)
    return jsonify(dossier_status(dossier, {"vi": procedure.name.vi, "en": procedure.name.en}))


@bp.route("/openapi.json")
@access("public")
def openapi():
    """The API's description is public."""
    return jsonify(OPENAPI)


_STATUS_SCHEMA = {
    "type": "object",
    "required": ["reference", "procedure_code", "national_status", "history"],
    "properties": {
        "reference": {"type": "string", "example": "000.26.743.H79-260302-0001"},
        "procedure_code": {"type": "string", "example": "1.001193"},
        "procedure_name": {"type": "object", "properties": {"vi": {"type": "string"}, "en": {"type": "string"}}},
        "definition_version": {"type": "string"},
        "agency_code": {"type": "string"},
        "channel": {"type": "string", "enum": ["online", "in-person", "postal"]},
        "step": {"type": "string"},
        "national_status": {"type": "integer", "minimum": 1, "maximum": 10,
                            "description": "National status code: " + ", ".join(
                                f"{k} {v}" for k, v in NATIONAL_STATUS.items())},
        "national_status_name": {"type": "string", "enum": list(NATIONAL_STATUS.values())},
        "submitted_at": {"type": ["string", "null"], "format": "date-time"},
        "received_at": {"type": ["string", "null"], "format": "date-time"},
        "due_at": {"type": ["string", "null"], "format": "date-time"},
        "returned_at": {"type": ["string", "null"], "format": "date-time"},
        "history": {"type": "array", "items": {"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"}, "action": {"type": "string"},
            "step": {"type": ["string", "null"]}, "national_status": {"type": ["integer", "null"]}}}},
    },
}
_ERROR_SCHEMA = {"type": "object", "properties": {"error": {"type": "object", "properties": {
    "code": {"type": "string"}, "message": {"type": "string"}}}}}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "motcua dossier status API", "version": "1.0.0",
             "description": "Status of dossiers for the national public service portal and other systems."},
    "components": {
        "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}},
        "schemas": {"DossierStatus": _STATUS_SCHEMA, "Error": _ERROR_SCHEMA},
    },
    "security": [{"apiKey": []}],
    "paths": {"/api/v1/dossiers/{reference}": {"get": {
        "operationId": "getDossierStatus", "summary": "Status and history of one dossier",
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {
            "200": {"description": "The dossier's status",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DossierStatus"}}}},
            "401": {"description": "No or wrong API key",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "404": {"description": "Unknown reference",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        }}}},
}
