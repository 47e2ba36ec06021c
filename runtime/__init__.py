"""motcua runtime: the engine and the web application.

The runtime never imports :mod:`builder`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web application (see :func:`runtime.app.create_app`)."""
    from .app import create_app as _create_app

    return _create_app(test_config)
