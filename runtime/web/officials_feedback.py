"""Officials' feedback inbox and answer page (part of the ``officials`` blueprint).

An official sees and answers the feedback of their own agencies only (another
agency's is "not found"). Leaders see the items whose answer is overdue first,
flagged, so they can chase them.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..feedback import FeedbackRefused, answer_feedback
from ..feedback.service import MAX_ANSWER
from ..storage.feedback import FeedbackNotFound, FeedbackQuery
from .access import access, current_principal
from .feedback import refusal_message
from .officials import bp, services

LIMIT = 200


def _mine(feedback_id: str):
    who = current_principal()
    try:
        with services().store.unit_of_work() as uow:
            item = uow.feedback.get(feedback_id[:64])
    except FeedbackNotFound:
        abort(404)
    if item.agency_code not in who.agencies():
        abort(404)
    return item


@bp.route("/feedback")
@access("official")
def feedback_inbox():
    """An official lists their agencies' feedback: open ones by deadline, then the answered ones."""
    who = current_principal()
    agencies = tuple(sorted(who.agencies()))
    status = request.args.get("status", "open")
    if status not in ("open", "answered"):
        status = "open"
    svc = services()
    now = svc.now()
    with svc.store.unit_of_work() as uow:
        items = uow.feedback.list(FeedbackQuery(agency_codes=agencies, status=status, limit=LIMIT))
        overdue = uow.feedback.count(FeedbackQuery(agency_codes=agencies, overdue_at=now))
    if status == "open":
        items.sort(key=lambda i: i.due_at)
    return render_template("officials/feedback_inbox.html", items=items, status=status, now=now,
                           overdue=overdue, leader=who.has_role("leader"))


@bp.route("/feedback/<feedback_id>")
@access("official")
def feedback_item(feedback_id: str):
    """An official reads one feedback of their agency (with the dossier it is about) and answers it."""
    item = _mine(feedback_id)
    return render_template("officials/feedback_item.html", item=item, now=services().now(), max_answer=MAX_ANSWER,
                           answer=request.args.get("answer", ""))


@bp.route("/feedback/<feedback_id>/answer", methods=["POST"])
@access("official")
def feedback_answer(feedback_id: str):
    """An official of the agency answers (and, with the author's consent, publishes) a feedback."""
    item = _mine(feedback_id)
    who = current_principal()
    try:
        revision = int(request.form.get("revision", ""))
    except ValueError:
        revision = -1
    try:
        answer_feedback(services(), item.id, official_id=who.id, official_name=who.name, agencies=who.agencies(),
                        answer=request.form.get("answer", ""), publish=request.form.get("publish") == "yes",
                        revision=revision)
    except LookupError:
        abort(404)
    except FeedbackRefused as refused:
        flash(refusal_message(refused.reason), "error")
        return render_template("officials/feedback_item.html", item=_mine(feedback_id), now=services().now(),
                               max_answer=MAX_ANSWER, answer=request.form.get("answer", "")[:MAX_ANSWER]), 400
    flash(_("Your answer was recorded."), "success")
    current_app.logger.info("feedback %s answered by %s", item.id, who.id)
    return redirect(url_for(".feedback_item", feedback_id=item.id))
