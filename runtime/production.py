"""What makes a configuration unfit for production, checked before the app starts.

With ``MOTCUA_ENV=production`` the app refuses to start while any plugin area
selects a demo backend, the development outbox page is on, the officials are
the demo directory, or the session secret is missing or short.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .plugins import DemoInProductionError, Registry, demo_backends, is_production

MIN_SECRET_LENGTH = 32


def plugin_areas() -> list[Registry[Any]]:
    """Every plugin area's registry."""
    from .identity.registry import IDENTITY
    from .notifications.registry import EMAIL, SMS
    from .payments.registry import PAYMENTS
    from .portal.registry import PORTAL
    from .signing.registry import SIGNERS, TRUST
    from .storage.plugins import ATTACHMENTS

    return [ATTACHMENTS, IDENTITY, PAYMENTS, EMAIL, SMS, SIGNERS, TRUST, PORTAL]


def production_problems(config: Mapping[str, Any]) -> list[str]:
    """Everything demo-only in ``config``, one sentence each (empty when fit for production)."""
    problems = demo_backends(config, plugin_areas())
    if config.get("MOTCUA_DEV_OUTBOX"):
        problems.append("the development outbox page is on (MOTCUA_DEV_OUTBOX): it shows personal data")
    if not config.get("MOTCUA_OFFICIALS"):
        problems.append("the demo officials are configured (set MOTCUA_OFFICIALS): their password is public")
    if len(str(config.get("SECRET_KEY") or "")) < MIN_SECRET_LENGTH:
        problems.append(f"the session secret is missing or shorter than {MIN_SECRET_LENGTH} characters "
                        "(set MOTCUA_SECRET_KEY)")
    return problems


def refuse_demo_in_production(config: Mapping[str, Any]) -> None:
    """Raise :class:`DemoInProductionError` listing every problem, when ``MOTCUA_ENV`` is ``production``."""
    if not is_production(config):
        return
    problems = production_problems(config)
    if problems:
        raise DemoInProductionError("motcua refuses to start in production:\n  - " + "\n  - ".join(problems))
