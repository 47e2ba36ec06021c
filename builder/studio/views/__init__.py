"""The studio's blueprint: one module per part (catalogue, editors, review, preview)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request
from flask_babel import gettext as _

from runtime.storage.definitions import StaleDefinitionError

from ..labels import helpers
from ..lifecycle import LifecycleError
from ..roles import StudioPermissionError

bp = Blueprint("studio", __name__, url_prefix="/studio")
bp.context_processor(helpers)


def _back():
    return redirect(request.referrer if request.referrer and "/studio" in request.referrer
                    else request.path.rsplit("/", 1)[0] or "/studio/")


@bp.errorhandler(StaleDefinitionError)
def _stale(exc: StaleDefinitionError):
    flash(_("Someone else saved this version while you were working on it. Reload it to see their "
            "changes, then apply yours again."), "error")
    return _back()


@bp.errorhandler(StudioPermissionError)
def _refused(exc: StudioPermissionError):
    flash(_("You may not do this: %(reason)s", reason=str(exc)), "error")
    return _back()


@bp.errorhandler(LifecycleError)
def _lifecycle(exc: LifecycleError):
    flash(str(exc), "error")
    return _back()


from . import agencies, catalogue, editor, fields, imports, parts, preview, result, review  # noqa: E402,F401  (views register on bp)
