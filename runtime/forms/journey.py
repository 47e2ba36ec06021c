"""A citizen's way through a case's eForm pages, with the answers kept in a draft.

Pages whose ``when`` is false are skipped and their data is not kept; a page is
*done* once it was accepted and its data still validates. The web views only
call these methods and render what they return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from ..definitions.model import Case, Form, Page, Procedure
from .compiler import FormCache
from .convert import strip_hidden, to_formdata, with_defaults
from .drafts import Draft, DraftRepository

Names = Callable[[Page], Iterable[str]]


def strip_hidden_pages(form: Form, data: dict[str, Any], names: Names) -> dict[str, Any]:
    """``data`` without the fields of pages whose condition is false (until stable)."""
    for _round in range(len(form.pages) + 1):
        shown = {p.id for p in form.pages_shown(data)}
        hidden = {n for p in form.pages if p.id not in shown for n in names(p)}
        kept = {k: v for k, v in data.items() if k not in hidden}
        if kept == data:
            break
        data = kept
    return data


def page_data(names: Iterable[str], data: dict[str, Any]) -> dict[str, Any]:
    """The part of the draft's data that belongs to one page (given its field names)."""
    return {k: data[k] for k in names if k in data}


@dataclass
class Journey:
    """One draft of one case of one procedure version."""

    procedure: Procedure
    case: Case
    draft: Draft
    forms: FormCache

    # -- pages ------------------------------------------------------------------------------
    def names(self, page: Page) -> tuple[str, ...]:
        """Every top-level field of a page, conditional ones included."""
        return tuple(f.name for f in self.forms.spec(self.procedure, self.case, page).fields)

    def data_of(self, page: Page) -> dict[str, Any]:
        return page_data(self.owned(page), self.draft.data)

    def owned(self, page: Page) -> tuple[str, ...]:
        """The keys of the draft's data a page holds: its fields, and for the first page with
        a key/value editor at the top, every key no page names."""
        names = self.names(page)
        spread = next((p for p in self.case.form.pages if any(
            f.extras.get("spread") for f in self.forms.spec(self.procedure, self.case, p).fields)), None)
        if spread is None or spread.id != page.id:
            return names
        named = {n for p in self.case.form.pages for n in self.names(p)}
        return (*names, *(k for k in self.draft.data if k not in named))

    def shown_pages(self) -> tuple[Page, ...]:
        return self.case.form.pages_shown(self.draft.data)

    def page(self, page_id: str) -> Page | None:
        """A page the citizen may see now (None when unknown or skipped)."""
        return next((p for p in self.shown_pages() if p.id == page_id), None)

    def next_page(self, page: Page) -> Page | None:
        pages = self.shown_pages()
        ids = [p.id for p in pages]
        if page.id not in ids:
            return pages[0] if pages else None
        at = ids.index(page.id)
        return pages[at + 1] if at + 1 < len(pages) else None

    def previous_page(self, page: Page) -> Page | None:
        pages = self.shown_pages()
        ids = [p.id for p in pages]
        at = ids.index(page.id) if page.id in ids else 0
        return pages[at - 1] if at > 0 else None

    def is_done(self, page: Page) -> bool:
        return page.id in self.draft.done and bool(page.validator.is_valid(self.data_of(page)))

    def first_incomplete(self) -> Page | None:
        """The first shown page not answered yet (None: ready to check the answers)."""
        return next((p for p in self.shown_pages() if not self.is_done(p)), None)

    def resume_page(self) -> Page | None:
        return self.first_incomplete()

    # -- data -------------------------------------------------------------------------------
    def formdata(self, page: Page) -> MultiDict:
        """What the page's inputs hold: the draft's answers, or the defaults on a first visit."""
        spec = self.forms.spec(self.procedure, self.case, page)
        data = self.data_of(page)
        if page.id not in self.draft.seen:
            data = with_defaults(spec.fields, data)
        return to_formdata(spec.fields, data)

    def record(self, page: Page, data: dict[str, Any], complete: bool) -> None:
        """Put a page's answers in the draft (not saved yet)."""
        names = set(self.owned(page))
        merged = {k: v for k, v in self.draft.data.items() if k not in names}
        merged.update(data)
        self.draft.data = strip_hidden_pages(self.case.form, merged, self.names)
        if page.id not in self.draft.seen:
            self.draft.seen.append(page.id)
        if complete and page.id not in self.draft.done:
            self.draft.done.append(page.id)
        if not complete and page.id in self.draft.done:
            self.draft.done.remove(page.id)

    def save(self, repository: DraftRepository) -> None:
        repository.save(self.draft)

    def answers(self) -> list[tuple[Page, dict[str, Any]]]:
        """Each shown page with its answers, for the check-your-answers page."""
        return [(p, self.data_of(p)) for p in self.shown_pages()]


def migrate(procedure: Procedure, case: Case, draft: Draft, forms: FormCache) -> Draft:
    """The draft moved to a new version: the fields that still validate are kept."""
    def names(page: Page) -> tuple[str, ...]:
        return tuple(f.name for f in forms.spec(procedure, case, page).fields)

    data: dict[str, Any] = {}
    for page in case.form.pages:
        spec = forms.spec(procedure, case, page)
        kept = strip_hidden(spec.fields, page_data(names(page), draft.data))
        for _round in range(len(kept) + 1):
            bad = {e.instance_path[0] for e in page.validator.iter_errors(kept) if e.instance_path}
            if not bad:
                break
            kept = {k: v for k, v in kept.items() if k not in bad}
        data.update(kept)
    draft.data = strip_hidden_pages(case.form, data, names)
    draft.version = procedure.content_hash
    draft.seen = [p.id for p in case.form.pages if p.id in draft.seen]
    draft.done = [p.id for p in case.form.pages_shown(draft.data) if p.id in draft.done
                  and p.validator.is_valid(page_data(names(p), draft.data))]
    return draft
