"""Health and readiness endpoints for load balancers and orchestrators.

``/healthz``: the process answers (liveness). ``/readyz``: it can serve —
the store answers a lookup and, when there is one, the job queue (and Redis) too;
503 with the failing part otherwise, so a balancer stops sending requests.
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify

from .access import access

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.route("/healthz")
@access("public")
def healthz():
    """The process is alive."""
    return jsonify({"status": "ok"})


@bp.route("/readyz")
@access("public")
def readyz():
    """The store (and job queue) answer: ready for traffic."""
    from ..storage import DossierNotFound

    services = current_app.extensions["motcua.services"]
    checks: dict[str, str] = {}
    try:
        with services.store.unit_of_work() as uow:
            uow.dossiers.get_by_reference("readyz-probe")
    except DossierNotFound:
        checks["store"] = "ok"
    except Exception as exc:  # any failure means "not ready", reported, never a 500
        log.warning("readiness: store unavailable: %s", exc)
        checks["store"] = "unavailable"
    else:
        checks["store"] = "ok"
    if checks["store"] == "ok" and services.jobs is not None:
        try:
            services.jobs.counts()
            checks["jobs"] = "ok"
        except Exception as exc:
            log.warning("readiness: job queue unavailable: %s", exc)
            checks["jobs"] = "unavailable"
    from ..storage.contrib.redis import EXTENSION as REDIS

    redis = current_app.extensions.get(REDIS)
    if redis is not None:  # sessions and rate limits live there (MOTCUA_REDIS_URL)
        try:
            redis().ping()
            checks["redis"] = "ok"
        except Exception as exc:
            log.warning("readiness: Redis unavailable: %s", exc)
            checks["redis"] = "unavailable"
    ready = all(v == "ok" for v in checks.values())
    return jsonify({"status": "ready" if ready else "not ready", "checks": checks}), 200 if ready else 503
