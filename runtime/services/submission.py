"""Filing a draft: the whole dossier is checked at once, then filed in one unit of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..agencies import UnknownAgencyError
from ..definitions.dates import filing_on
from ..definitions.model import Case, Procedure
from ..dossiers.model import Dossier
from ..fees import FeeBreakdown, compute_fees
from ..payments import paid_total
from ..signatures.report import AttachmentVerification
from ..workflow import start_processing
from .context import VN, Services
from .documents import issue_document
from .jobs import RECEIPT_PENDING
from .notify import notify_after_commit
from .portal_sync import record_changes
from .wallet import collect_after_commit, queue_collection


@dataclass(frozen=True)
class Problem:
    """Something that keeps a dossier from being filed, in words for the applicant."""

    key: str
    where: str
    message_vi: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi


NO_AGENCY = Problem(
    "agency.none", "agency",
    "Chưa có cơ quan tiếp nhận hồ sơ thủ tục này tại địa chỉ của bạn. Vui lòng kiểm tra tỉnh/thành phố "
    "và xã/phường, hoặc liên hệ Trung tâm Phục vụ hành chính công của tỉnh.",
    "No office receives this procedure's dossiers for your address yet. Check the province and the "
    "commune, or contact the province's public administration service centre.")
"""The applicant's address has no receiving agency for the procedure (never a server error)."""


#: Where a draft keeps the office its applicant chose among the province's centres.
CHOSEN_OFFICE = "chosen_office"

NOT_YOURS = "dossier.not_yours"


class SubmissionError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message_en for p in problems))


def page_counts(dossier: Dossier) -> dict[str, list[int]]:
    return {c.component_id: [f.pages or 0 for f in c.files] for c in dossier.components}


def dossier_fees(case: Case, dossier: Dossier, filed_on: dt.date) -> FeeBreakdown:
    return compute_fees(case, dossier.data, filed_on=filed_on, channel=dossier.channel,
                        page_counts=page_counts(dossier))


def check_dossier(procedure: Procedure, case: Case, dossier: Dossier, day: dt.date) -> list[Problem]:
    """Every problem that keeps the dossier from being filed (empty when it can be)."""
    problems: list[Problem] = []
    if not procedure.is_effective(day):
        problems.append(Problem("procedure.not_offered", "", "Thủ tục này hiện không tiếp nhận hồ sơ.",
                                "This procedure is not accepting dossiers at the moment."))
    with filing_on(day):
        fits = case.fits(dossier.data)
    if not fits:
        problems.append(Problem("case.misfit", "", f"Câu trả lời không phù hợp với trường hợp “{case.name.vi}”.",
                                f"The answers do not fit the case “{case.name.en}”."))
    for page in case.form.pages_shown(dossier.data):
        data = {k: v for k, v in dossier.data.items() if k in page.field_names}
        with filing_on(day):  # date relations are to the day the dossier is filed
            valid = page.validator.is_valid(data)
        if not valid:
            problems.append(Problem("page.invalid", page.id, f"Trang “{page.title.vi}” còn thông tin chưa đúng.",
                                    f"The page “{page.title.en}” has information to correct."))
    attached = {c.component_id: c.files for c in dossier.components}
    for component in case.components:
        files = attached.get(component.id, [])
        if component.is_required(dossier.data) and not files:
            problems.append(Problem("component.missing", component.id, f"Vui lòng đính kèm {component.name.vi}.",
                                    f"Attach the {component.name.en}."))
        for stored in files:
            if component.signature.required:
                report = AttachmentVerification.from_dict(stored.verification) if stored.verification else None
                if report is None or not report.accepted:
                    problems.append(Problem(
                        "component.signature", component.id,
                        f"Tệp “{stored.name}” ({component.name.vi}) chưa có chữ ký số hợp lệ.",
                        f"The file “{stored.name}” ({component.name.en}) has no valid digital signature."))
    return problems


def submit_draft(services: Services, draft_id: str, owner_id: str, *, agency_code: str | None = None,
                 lang: str = "vi", prepare: Callable[[Dossier], None] | None = None) -> Dossier:
    """File the draft ``draft_id`` of ``owner_id``; raises :class:`SubmissionError` with every problem.

    ``agency_code``: the office the applicant files at (default: the one they chose before paying,
    ``extra["chosen_office"]``, else the one their address resolves to). ``prepare`` completes the
    draft as read in the filing's own unit of work, before it is checked (the web form sets the
    applicant from the login and the channel): one transaction, not two.
    """
    now = services.now()
    with services.store.unit_of_work() as uow:
        dossier = uow.dossiers.get(draft_id)
        if not dossier.is_draft or dossier.account_id != owner_id:
            raise SubmissionError([Problem(NOT_YOURS, "", "Không tìm thấy hồ sơ nháp này.",
                                           "This draft was not found.")])
        if prepare is not None:
            prepare(dossier)
        agency_code = agency_code or (dossier.extra or {}).get(CHOSEN_OFFICE) or None
        procedure = file_dossier(services, uow, dossier, now, actor=owner_id, agency_code=agency_code, lang=lang)
        queue_collection(services, dossier, uow)
        uow.dossiers.update(dossier)
        uow.commit()
    collect_after_commit(services, dossier)
    notify_after_commit(services, dossier, procedure, "receipt", lang=lang)
    record_changes(services, dossier)
    return dossier


def file_dossier(services: Services, uow: Any, dossier: Dossier, now: dt.datetime, *, actor: str,
                 agency_code: str | None = None, lang: str = "vi", fees_paid_elsewhere: bool = False) -> Procedure:
    """File ``dossier`` in ``uow`` (the caller stores it): check it, route it to its agency, give it a code.

    Raises :class:`SubmissionError` with every problem. ``fees_paid_elsewhere``: the fees were collected by
    the system that handed the dossier over (inter-system exchange), so none is asked before filing.
    """
    procedure, case = services.definition_of(dossier)
    problems = check_dossier(procedure, case, dossier, now.date())
    fees = dossier_fees(case, dossier, now.date())
    due_now = fees.due_at("receipt")
    if dossier.channel == "online" and not fees_paid_elsewhere and paid_total(dossier) < due_now:
        problems.append(Problem("fees.unpaid", "fees", "Vui lòng thanh toán phí, lệ phí trước khi nộp hồ sơ.",
                                "Pay the fees before filing the dossier."))
    if problems:
        raise SubmissionError(problems)
    dossier.fees = fees.to_dict()
    dossier.extra["lang"] = lang
    try:
        start_processing(case, procedure, dossier, services.agencies, services.calendar, now)
    except UnknownAgencyError:
        raise SubmissionError([NO_AGENCY]) from None
    if agency_code and agency_code != dossier.agency_code:
        dossier.agency_code = _other_centre(services, dossier.agency_code or "", agency_code)
    dossier.received_at = now
    dossier.due_at = services.calendar.deadline_for(now, case.time_limit.amount, case.time_limit.unit)
    if services.catalog.archive is not None:
        services.catalog.archive.remember(procedure)
    dossier.append_event(actor=actor, actor_role="partner" if fees_paid_elsewhere else "applicant", action="submit",
                         at=now, to_step=dossier.status.step,
                         data={"national_code": dossier.status.national_code, "agency": dossier.agency_code,
                               "definition_version": dossier.definition_version, "slips": ["01"]})
    if services.jobs is not None:  # the worker signs it within seconds; queued in this transaction, so
        dossier.extra[RECEIPT_PENDING] = True  # a crash after the commit loses nothing
        services.jobs.enqueue("receipt.issue", {"dossier_id": dossier.id}, key=f"receipt:{dossier.id}",
                              within=uow)
    # Taking the code locks the agency's sequence for the day until the commit (codes stay gap-free):
    # every filing of the agency waits for that lock, so it is taken last, with only the write after it.
    dossier.reference = uow.references.next_reference(dossier.agency_code or "", now.astimezone(VN).date())
    if services.jobs is None:  # no worker: the receipt (which shows the code) is signed here
        issue_document(services, "01", dossier, procedure, case, now)
    return procedure


def _other_centre(services: Services, resolved: str, chosen: str) -> str:
    """The applicant may file at another centre of the same kind in the same province."""
    a, b = services.agencies.get(resolved), services.agencies.get(chosen)
    if a is None or b is None or a.kind != b.kind or a.province_code != b.province_code:
        raise SubmissionError([Problem("agency.not_allowed", "agency", "Không thể nộp hồ sơ tại cơ quan đã chọn.",
                                       "The dossier cannot be filed at the chosen office.")])
    return b.code


def fee_preview(services: Services, dossier: Dossier) -> dict[str, Any]:
    """The fee breakdown shown before submission."""
    _procedure, case = services.definition_of(dossier)
    return dossier_fees(case, dossier, services.now().date()).to_dict()
