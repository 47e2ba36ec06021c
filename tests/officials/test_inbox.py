"""The inbox: an official's dossiers, most urgent first, marked, counted, filtered, searched and paged."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask import url_for

from runtime.services import act_on_dossier
from runtime.web import officials_inbox
from runtime.web.officials import actor_of, dossier_url_maker
from runtime.web.officials_inbox import Filters, load_inbox, load_waiting
from runtime.workflow import deadline_view

from .conftest import OFFICER, RECEIVER, at, change, file_dossier, log_in


@pytest.fixture
def three(services, clock):
    """Three dossiers at reception: one late, one due soon, one with time to spare (now: Monday 10:00)."""
    soon = file_dossier(services, name="Nguyễn Thị Lan")
    late = file_dossier(services, name="Trần Văn Hùng")
    calm = file_dossier(services, name="Nguyễn Văn Bình")
    change(services, soon.id, due_at=at(3, 8), step_deadlines={"receive": at(2, 11)})
    change(services, late.id, due_at=at(2, 8), step_deadlines={"receive": at(2, 7, 45)})
    change(services, calm.id, due_at=at(20, 8), step_deadlines={"receive": at(20, 8)})
    clock.now = at(2, 10)
    return soon, late, calm


def refs(inbox):
    return [r.summary.reference for r in inbox.rows]


def test_inbox_lists_the_nearest_deadline_first_when_several_dossiers_wait(services, three):
    soon, late, calm = three
    inbox = load_inbox(services, RECEIVER, Filters())
    assert refs(inbox) == [late.reference, soon.reference, calm.reference]
    assert [(r.deadline.overall, r.deadline.step, r.mark) for r in inbox.rows] == [
        ("overdue", "overdue", "overdue"), ("due_soon", "due_soon", "due_soon"), ("on_time", "on_time", "on_time")]


def test_inbox_marks_agree_with_the_dossiers_deadline_view_when_deadlines_straddle_the_bounds(services, three):
    soon, late, calm = three
    now = services.now()
    bound = services.calendar.due_soon_until(now)
    change(services, calm.id, due_at=bound, step_deadlines={"receive": bound + dt.timedelta(microseconds=1)})
    change(services, soon.id, due_at=now, step_deadlines={"receive": now - dt.timedelta(microseconds=1)})
    rows = load_inbox(services, RECEIVER, Filters()).rows
    with services.store.unit_of_work() as uow:
        expected = {d.id: deadline_view(uow.dossiers.get(d.id), services.calendar, now) for d in (soon, late, calm)}
    assert {r.summary.id: r.deadline for r in rows} == expected
    assert {r.summary.id: (r.deadline.overall, r.deadline.step) for r in rows}[calm.id] == ("due_soon", "on_time")


def test_inbox_counts_each_mark_when_deadlines_differ(services, three):
    inbox = load_inbox(services, RECEIVER, Filters())
    assert dict(inbox.counts) == {"overdue": 1, "due_soon": 1, "on_time": 1}
    assert (inbox.listed, inbox.total, inbox.overall_overdue, inbox.step_overdue) == (3, 3, 1, 1)


def test_inbox_keeps_one_mark_when_filtered_by_mark(services, three):
    soon, _late, _calm = three
    inbox = load_inbox(services, RECEIVER, Filters(mark="due_soon"))
    assert refs(inbox) == [soon.reference]
    assert inbox.listed == 3 and inbox.total == 1, "counts stay those of the whole inbox"


def test_inbox_search_ignores_case_and_diacritics_when_searching_by_name(services, three):
    _soon, _late, calm = three
    assert refs(load_inbox(services, RECEIVER, Filters(text="nguyen VAN"))) == [calm.reference]


def test_inbox_search_finds_the_dossier_when_searching_by_code(services, three):
    _soon, late, _calm = three
    assert refs(load_inbox(services, RECEIVER, Filters(text=late.reference[-6:]))) == [late.reference]


def test_inbox_filters_by_step_and_procedure_when_asked(services, three):
    assert len(load_inbox(services, RECEIVER, Filters(step="receive", procedure="1.001193")).rows) == 3
    assert load_inbox(services, RECEIVER, Filters(step="examine")).rows == []
    assert load_inbox(services, RECEIVER, Filters(procedure="1.000656")).rows == []


def test_inbox_shows_only_the_officials_steps_when_dossiers_move_on(services, three):
    soon, late, calm = three
    act_on_dossier(services, soon.id, "accept", actor_of(RECEIVER))
    assert refs(load_inbox(services, OFFICER, Filters())) == [soon.reference]
    assert refs(load_inbox(services, RECEIVER, Filters())) == [late.reference, calm.reference]


def test_inbox_counts_paused_dossiers_apart_when_they_wait_for_the_applicant(services, three):
    _soon, _late, calm = three
    act_on_dossier(services, calm.id, "request-supplement", actor_of(RECEIVER), comment="Bổ sung bản gốc")
    inbox = load_inbox(services, RECEIVER, Filters())
    assert calm.reference not in refs(inbox) and (inbox.listed, inbox.paused_total) == (2, 1)
    waiting = load_waiting(services, RECEIVER, Filters())
    assert [s.reference for s in waiting.rows] == [calm.reference]
    assert (waiting.total, waiting.inbox_total, waiting.pages) == (1, 2, 1)


def test_waiting_list_pages_most_recently_changed_first_when_more_wait_than_a_page(services, three, monkeypatch):
    soon, late, calm = three
    for dossier in (soon, calm, late):
        act_on_dossier(services, dossier.id, "request-supplement", actor_of(RECEIVER), comment="Bổ sung bản gốc")
    monkeypatch.setattr(officials_inbox, "WAITING_PAGE_SIZE", 2)
    first = load_waiting(services, RECEIVER, Filters())
    assert [s.reference for s in first.rows] == [late.reference, calm.reference]
    assert (first.total, first.page, first.pages) == (3, 1, 2)
    second = load_waiting(services, RECEIVER, Filters(page=2))
    assert [s.reference for s in second.rows] == [soon.reference] and second.page == 2
    beyond = load_waiting(services, RECEIVER, Filters(page=9))
    assert beyond.page == 2, "a page past the end shows the last one"
    named = load_waiting(services, RECEIVER, Filters(text="tran van"))
    assert [s.reference for s in named.rows] == [late.reference] and named.total == 1


def test_waiting_page_lists_and_pages_when_rendered(client, services, three, monkeypatch):
    soon, _late, calm = three
    for dossier in (soon, calm):
        act_on_dossier(services, dossier.id, "request-supplement", actor_of(RECEIVER), comment="Bổ sung bản gốc")
    monkeypatch.setattr(officials_inbox, "WAITING_PAGE_SIZE", 1)
    log_in(client, RECEIVER)
    inbox = client.get("/officials/?lang=en&q=nguyen&mark=overdue").get_data(as_text=True)
    assert 'href="/officials/waiting?q=nguyen">Waiting for the applicant <strong class="motcua-lists__count">2<' \
        in inbox, "the switch keeps the search (not the inbox's own filters) and shows the count"
    by_step = client.get("/officials/?lang=en&q=nguyen&step=receive").get_data(as_text=True)
    assert 'Waiting for the applicant <strong class="motcua-lists__count">2<' in by_step, \
        "the step filter is the inbox's own"
    page = client.get("/officials/waiting?lang=en&q=nguyen").get_data(as_text=True)
    assert calm.reference in page and soon.reference not in page and "page 1 of 2" in page
    assert 'aria-current="page">Waiting for the applicant' in page
    assert 'aria-current="page">Inbox' in page, "the officials' bar shows the inbox section"
    following = re.search(r'rel="next" href="([^"]+)"', page).group(1)
    second = client.get(html.unescape(following)).get_data(as_text=True)
    assert soon.reference in second and calm.reference not in second and "Previous page" in second
    for tampered in ("page=abc", "page=-4", "page=99999999999"):
        assert client.get(f"/officials/waiting?{tampered}").status_code == 200


def test_inbox_leaves_out_other_agencies_when_their_dossiers_are_stored(services, three):
    elsewhere = file_dossier(services, commune="26740")
    assert elsewhere.agency_code == "000.26.740.H79"
    assert elsewhere.reference not in refs(load_inbox(services, RECEIVER, Filters()))


def test_inbox_pages_by_keyset_when_more_than_a_page_wait(services, three, monkeypatch):
    _soon, late, calm = three
    monkeypatch.setattr(officials_inbox, "PAGE_SIZE", 2)
    first = load_inbox(services, RECEIVER, Filters())
    assert len(first.rows) == 2 and first.next_after and first.total == 3
    second = load_inbox(services, RECEIVER, Filters(after=first.next_after, start=3))
    assert (refs(second), second.next_after, second.start) == ([calm.reference], None, 3)
    overdue = load_inbox(services, RECEIVER, Filters(mark="overdue"))
    assert (refs(overdue), overdue.next_after) == ([late.reference], None)


def test_inbox_next_page_link_follows_the_keyset_when_rendered(client, three, monkeypatch):
    _soon, _late, calm = three
    monkeypatch.setattr(officials_inbox, "PAGE_SIZE", 2)
    log_in(client, RECEIVER)
    first = client.get("/officials/?lang=en&q=nguyen").get_data(as_text=True)
    assert calm.reference in first and "Next page" not in first, "two matches fit one page"
    page = client.get("/officials/?lang=en").get_data(as_text=True)
    link = re.search(r'<a class="govuk-link" rel="next" href="([^"]+)"', page).group(1)
    second = client.get(html.unescape(link)).get_data(as_text=True)
    assert calm.reference in second and "First page" in second and "3–3 shown" in second


def test_inbox_page_shows_rows_marks_and_counts_when_rendered(client, three):
    soon, late, calm = three
    log_in(client, RECEIVER)
    page = client.get("/officials/?lang=en").get_data(as_text=True)
    assert page.index(late.reference) < page.index(soon.reference) < page.index(calm.reference)
    assert "govuk-tag--red" in page and "govuk-tag--orange" in page and "govuk-tag--green" in page
    assert "Overdue" in page and "Due soon" in page


def test_inbox_page_keeps_the_filters_when_searching(client, three):
    _soon, late, _calm = three
    log_in(client, RECEIVER)
    page = client.get("/officials/?lang=en&q=tran+van&mark=overdue").get_data(as_text=True)
    assert late.reference in page and 'value="tran van"' in page
    assert '<option value="overdue" selected>' in page


def test_filters_ignore_unknown_values_when_the_query_string_is_tampered_with():
    filters = Filters.from_args({"mark": "<script>", "after": "1.2.<b>", "start": "-4", "q": "  x  "})
    assert (filters.mark, filters.after, filters.start, filters.text) == (None, None, 1, "x")
    assert Filters.from_args({"after": "1.2.abc", "start": "x"}).start == 1


@pytest.mark.parametrize("dossier_id", ["0123456789abcdef0123456789abcdef", "a b?c#d%e&f", "Hồ-sơ:1/2"])
def test_dossier_links_of_a_page_equal_url_for_when_ids_need_quoting(app, dossier_id):
    with app.test_request_context("/officials/"):
        dossier_url = dossier_url_maker()
        assert dossier_url(dossier_id) == url_for("officials.dossier", dossier_id=dossier_id)
        assert dossier_url("second") == url_for("officials.dossier", dossier_id="second")
