"""Page invariants, checked on every page a browser test visits (a reusable checker).

Each page must have: exactly one ``h1``; a ``<title>`` one of whose parts matches the ``h1``; the
"Lỗi:"/"Error:" title prefix exactly when an error summary is shown; no horizontal scrolling at
320, 375, 768 and 1280 px; no internal ids in its text (event names, step ids, account ids, raw
source keys; a reference meant for machines, such as a payment's, is marked ``data-machine-ref``);
times shown the way people in Vietnam read them (no ISO or UTC times); in English, no
Vietnamese-only text outside user data (marked ``translate="no"``, or another ``lang``); and, when
axe-core is installed, no serious or critical accessibility violation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tests.forms.live import AXE

WIDTHS = (320, 375, 768, 1280)

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""

# The page as the checks need it, read in one round trip.
READ_PAGE = """() => {
  const lang = document.documentElement.lang;
  const skip = el => el.closest('[translate="no"], [lang]:not([lang="' + lang + '"]), script, style, [hidden]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const own = [], all = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text || node.parentElement.closest('script, style')) continue;
    if (!node.parentElement.closest('[data-machine-ref]')) all.push(text);
    if (!skip(node.parentElement)) own.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title]')) {
    for (const name of ['aria-label', 'title']) {
      const value = el.getAttribute(name);
      if (value && !skip(el)) own.push(value);
    }
  }
  return {title: document.title, lang: document.documentElement.lang,
          h1: [...document.querySelectorAll('h1')].map(h => h.innerText.trim()),
          errorSummary: !!document.querySelector('.govuk-error-summary'), own, all};
}"""

OVERFLOW = r"""() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined
      ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
  // Wide data grids (officials' lists, the scorecard's months) may scroll inside their labelled box
  // (motcua-table-wrap--scroll); the tables of a citizen's journey stack instead.
  const boxed = [...document.querySelectorAll('.motcua-table-wrap:not(.motcua-table-wrap--scroll)')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => 'a table scrolling inside its box: ' + (e.getAttribute('aria-label') || e.className));
  return [document.documentElement.scrollWidth - width, wide.slice(-3).concat(boxed).join(' | '), boxed.length];
}"""

INTERNAL_IDS = [
    (re.compile(r"\b(?:payment|identity|files|citizen|organisation)\.[a-z_]+\b"), "an event or source key"),
    (re.compile(r"\b[a-z]+(?:-[a-z]+)* → [a-z]+(?:-[a-z]+)*\b"), "a step id transition"),
    (re.compile(r"\bvn-\d{9,12}\b"), "an account id"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "a database id"),
]
MACHINE_TIMES = [re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"), re.compile(r"\bUTC\b|\+00:00")]
# Letters only Vietnamese uses (English words never carry them).
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300\u0301\u0303\u0309\u0323]")


# Vietnamese that stays Vietnamese in English: amounts in đồng ("8.000 đ"), legal documents' numbers
# ("Decree 154/2024/NĐ-CP") and words quoted as they must be written (“Hộ kinh doanh”).
KEPT = re.compile(r"\d[\d.,]*\s?đ\b|(?<!\w)đ(?!\w)|\b\d+/\d{4}/[A-ZĐ]+(?:-[A-ZĐa-z]+)*|“[^”]*”")


def vietnamese_only(text: str) -> bool:
    return bool(VIETNAMESE.search(unicodedata.normalize("NFD", KEPT.sub("", unicodedata.normalize("NFC", text)))))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@dataclass
class PageChecker:
    """Checks every page it is given; collects problems (``label: what``) instead of stopping."""

    widths: tuple[int, ...] = WIDTHS
    axe: bool = True
    screenshots: Path | None = None
    """Where to save a picture of the pages named in ``pictures`` (the guides' screenshots)."""
    pictures: frozenset[str] = frozenset()
    other_language: str | None = None
    """Also check each page in this language (then come back), so one journey covers both."""
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def check(self, page, label: str) -> None:
        self._check(page, label)
        if self.other_language and page.url.startswith("http"):
            back = page.evaluate("document.documentElement.lang")
            page.goto(_with_lang(page.url, self.other_language))
            self._check(page, f"{label} ({self.other_language})", pictures=False)
            page.goto(_with_lang(page.url, back))

    def _check(self, page, label: str, pictures: bool = True) -> None:
        page.wait_for_load_state("load")
        seen = page.evaluate(READ_PAGE)
        self.checked.append(label)
        self.problems += [f"{label}: {p}" for p in page_problems(seen)]
        if self.axe and AXE.exists() and page.evaluate("typeof axe !== 'undefined'"):
            self.problems += [f"{label}: axe {v}" for v in page.evaluate(AXE_RUN)]
        original = page.viewport_size
        for width in self.widths:
            page.set_viewport_size({"width": width, "height": original["height"]})
            overflow, culprits, boxed = page.evaluate(OVERFLOW)
            if overflow > 0 or boxed:
                self.problems.append(f"{label}: scrolls sideways by {overflow}px at {width}px ({culprits})")
        page.set_viewport_size(original)
        if pictures and self.screenshots is not None and label in self.pictures:
            self.screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(self.screenshots / f"{label}.png"))


def _with_lang(url: str, lang: str) -> str:
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"] + [("lang", lang)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def page_problems(seen: dict) -> list[str]:
    """What is wrong with a page, from what :data:`READ_PAGE` read of it."""
    problems = []
    english = seen["lang"] == "en"
    prefix = "Error: " if english else "Lỗi: "
    title = seen["title"].removesuffix(" – motcua")
    if len(seen["h1"]) != 1:
        problems.append(f"{len(seen['h1'])} h1 elements")
    elif not any(_fold(part) and (_fold(part) in _fold(seen["h1"][0]) or _fold(seen["h1"][0]) in _fold(part))
                 for part in title.removeprefix(prefix).split(" – ")):
        problems.append(f"title {title!r} does not match the h1 {seen['h1'][0]!r}")
    if seen["errorSummary"] != title.startswith(prefix):
        problems.append(f"error summary shown={seen['errorSummary']} but title {title!r}")
    for text in seen["all"]:
        for pattern, what in INTERNAL_IDS:
            if pattern.search(text):
                problems.append(f"{what} in the text: {text[:80]!r}")
        if any(p.search(text) for p in MACHINE_TIMES):
            problems.append(f"a machine time in the text: {text[:80]!r}")
    if english:
        problems += [f"Vietnamese in English mode: {t[:80]!r}" for t in seen["own"] if vietnamese_only(t)]
    return problems
