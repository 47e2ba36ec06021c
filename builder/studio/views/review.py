"""Sending for review, publishing (now or on a date), taking back, rolling back; the diff."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from runtime.storage.definitions import in_force, verify_changes
from runtime.web.access import access
from runtime.web.services import catalog

from .. import lifecycle
from ..context import definition_store, province_of, studio_user, today, visible_record
from ..diff import diff_documents
from . import bp


def _act(code: str, number: int, action):
    user = studio_user()
    with definition_store().unit_of_work() as uow:
        record = visible_record(uow, user, code, number)
        record.revision = request.form.get("revision", type=int) or 0
        action(uow, user, record)
        uow.commit()
    return redirect(url_for("studio.version", code=code, number=number))


@bp.route("/<code>/<int:number>/submit", methods=["POST"])
@access("official")
def submit(code: str, number: int):
    """An author sends a clean draft to the publishers."""
    response = _act(code, number, lambda uow, user, record: lifecycle.submit_for_review(
        uow, user, record, province_of))
    flash(_("Sent for review"), "success")
    return response


@bp.route("/<code>/<int:number>/return", methods=["POST"])
@access("official")
def take_back(code: str, number: int):
    """A publisher (or the author) takes a version in review back to draft."""
    comment = request.form.get("comment", "")[:2000]
    response = _act(code, number, lambda uow, user, record: lifecycle.return_to_draft(
        uow, user, record, province_of, comment))
    flash(_("Returned to draft"), "success")
    return response


@bp.route("/<code>/<int:number>/publish", methods=["POST"])
@access("official")
def publish(code: str, number: int):
    """A publisher publishes a reviewed version, in force from today or a later date."""
    raw = request.form.get("effective_from", "").strip()
    try:
        day = dt.date.fromisoformat(raw) if raw else today()
    except ValueError:
        flash(_("Enter a real date for the publication, for example 2026-01-31"), "error")
        return redirect(url_for("studio.version", code=code, number=number))
    if day < today():
        flash(_("A publication cannot take effect in the past"), "error")
        return redirect(url_for("studio.version", code=code, number=number))
    response = _act(code, number, lambda uow, user, record: lifecycle.publish(
        uow, user, record, province_of, day))
    flash(_("Published: in force from %(day)s", day=day.isoformat()) if day > today() else _("Published"),
          "success")
    return response


@bp.route("/<code>/<int:number>/rollback", methods=["POST"])
@access("official")
def rollback(code: str, number: int):
    """Restore an earlier published version (as a new version, in force today)."""
    user = studio_user()
    with definition_store().unit_of_work() as uow:
        record = visible_record(uow, user, code, number)
        restored = lifecycle.roll_back(uow, user, record, province_of, today())
        uow.commit()
    flash(_("Version %(old)s restored as version %(new)s", old=number, new=restored.number), "success")
    return redirect(url_for("studio.version", code=code, number=restored.number))


@bp.route("/<code>/diff")
@access("official")
def diff(code: str):
    """What changed between two versions (by default: the one in force and the given one)."""
    user = studio_user()
    to = request.args.get("to", type=int)
    base = request.args.get("from", type=int)
    with definition_store().unit_of_work() as uow:
        if to is None:
            abort(404)
        new = visible_record(uow, user, code, to)
        if base:
            old_doc, old_label = visible_record(uow, user, code, base).document, str(base)
        else:
            current = in_force(uow.definitions.versions(code), today()).get(code)
            if current is not None:
                old_doc, old_label = current.document, str(current.number)
            else:
                served = catalog().get(code)
                old_doc = served.document if served else {}
                old_label = _("the file") if served else _("nothing (a new procedure)")
    return render_template("studio/diff.html", code=code, new=new, old_label=old_label,
                           changes=diff_documents(old_doc, new.document), user=user)


@bp.route("/log")
@access("official")
def log():
    """The change log, and whether its hash chain is intact."""
    user = studio_user()
    with definition_store().unit_of_work() as uow:
        entries = uow.definitions.changes()
        visible = {r.code for r in uow.definitions.all() if user.can_see(r, province_of)}
    broken = verify_changes(entries)  # over the whole chain, before filtering what this person may see
    visible |= {p.code for p in catalog()}
    shown = [e for e in entries if e.code in visible][-200:]
    return render_template("studio/log.html", entries=shown, broken=broken, user=user)
