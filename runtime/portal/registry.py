"""Which portal connector reports dossier statuses: ``MOTCUA_PORTAL_SYNC``.

``"none"`` (the default): no synchronisation; ``"demo"``: a local file (refused
in production); ``"http"``: the portal's HTTPS API (docs/portal.md);
``"package.module:factory"``: the province's connector.
"""

from __future__ import annotations

from typing import Any

from ..plugins import Registry

PORTAL: Registry[Any] = Registry("portal sync", "MOTCUA_PORTAL_SYNC", default="none")
PORTAL.register("none", "runtime.portal.contrib.disabled:build", description="no synchronisation")
PORTAL.register("demo", "runtime.portal.contrib.demo:build", demo=True,
                description="updates written to a local file")
PORTAL.register("http", "runtime.portal.contrib.http:build",
                description="the national portal's signed HTTPS API (docs/portal.md)")
