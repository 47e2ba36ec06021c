"""Administrator-written text in document templates: Jinja expressions in a sandbox.

A template's texts are data written by administrators, never trusted code: they are compiled
by an immutable sandboxed Jinja environment (no attribute access to internals, no mutation,
bounded ``range``), with multiplication and power bounded too, and every rendered text is cut
at :data:`MAX_TEXT` characters. Only expressions and ``{% if %}`` are allowed: loops belong to
the ``table`` block, not to texts.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

from jinja2 import ChainableUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import words

MAX_TEXT = 4000
"""Longest text one expression may produce (longer output is cut)."""
_MAX_PRODUCT = 10_000
_ALLOWED_STATEMENTS = (nodes.Output, nodes.If, nodes.TemplateData)


class TemplateTextError(ValueError):
    """A template text that cannot be compiled or uses something not allowed."""


def _bounded(op: Any, left: Any, right: Any) -> Any:
    """``left * right`` or ``left ** right``, refused when the result would be huge."""
    if op is operator.mul:
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, str | list | tuple) and isinstance(times, int) \
                    and len(sequence) * times > _MAX_PRODUCT:
                raise SecurityError("the result would be too long")
    elif isinstance(right, int | float) and abs(right) > 64:
        raise SecurityError("the power is too large")
    return op(left, right)


class _DocumentEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        op = operator.mul if operator_name == "*" else operator.pow
        return _bounded(op, left, right)


def _year(value: Any) -> str:
    day = words.as_date(value)
    return "" if day is None else str(day.year)


def _number_words(value: Any) -> str:
    try:
        return words.number_words(int(value))
    except (TypeError, ValueError):
        return ""


FILTERS = {
    "date": words.date_numeric, "date_long": words.date_long, "date_words": words.date_words,
    "year": _year, "datetime": words.moment, "money": words.money, "money_words": words.money_words,
    "number_words": _number_words,
}
"""The filters a template may use, besides Jinja's own (upper, default, join, ...)."""


@functools.cache
def environment() -> _DocumentEnvironment:
    env = _DocumentEnvironment(autoescape=False, undefined=ChainableUndefined, keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


def parse(text: str) -> nodes.Template:
    """The syntax tree of one template text; :class:`TemplateTextError` when it is not allowed."""
    try:
        tree = environment().parse(text)
    except TemplateError as exc:
        raise TemplateTextError(f"the text cannot be read: {exc.message}") from None
    for node in tree.body:
        _check_statements(node)
    for name in {f.name for f in tree.find_all(nodes.Filter)} - set(environment().filters):
        raise TemplateTextError(f"there is no filter named '{name}'")
    return tree


def _check_statements(node: nodes.Node) -> None:
    if isinstance(node, nodes.Stmt) and not isinstance(node, _ALLOWED_STATEMENTS):
        raise TemplateTextError(f"'{type(node).__name__.lower()}' blocks are not allowed in a text; "
                                "only expressions and {% if %}")
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Stmt):
            _check_statements(child)


@functools.lru_cache(maxsize=4096)
def compile_text(text: str) -> Any:
    """A compiled template for ``text`` (cached: the same text compiles once per process)."""
    parse(text)
    return environment().from_string(text)


def render_text(text: str, context: dict[str, Any]) -> str:
    """Render one administrator-written text; errors become a visible marker, never a crash."""
    if "{" not in text:
        return text
    try:
        result = compile_text(text).render(context)
    except Exception as exc:  # an administrator's text never stops a document from being issued
        return f"[{type(exc).__name__}]"
    return " ".join(result.split())[:MAX_TEXT]


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """The value of one expression (a table's ``items``); None when it fails."""
    try:
        return _compile_expression(expression)(**context)
    except Exception:  # as in render_text: a failing list is an empty table, never a failed issuance
        return None


@functools.lru_cache(maxsize=1024)
def _compile_expression(expression: str) -> Any:
    try:
        return environment().compile_expression(expression, undefined_to_none=True)
    except TemplateError as exc:
        raise TemplateTextError(f"the expression cannot be read: {exc.message}") from None


def names_used(text: str, expression: bool = False) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """(root names, (root, attribute) pairs) a text or expression reads, for the checker.

    Plain words need no parsing, and a text met before is not parsed again: a catalog repeats
    its templates' texts many times."""
    if not expression and "{" not in text:
        return frozenset(), frozenset()
    return _names_used(text, expression)


@functools.lru_cache(maxsize=8192)
def _names_used(text: str, expression: bool) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    try:
        tree = (environment().parse("{{ " + text + " }}") if expression else parse(text))
    except TemplateError as exc:
        raise TemplateTextError(f"the expression cannot be read: {exc.message}") from None
    roots = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}
    attributes: set[tuple[str, str]] = set()
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name):
            attributes.add((node.node.name, node.attr))
    for node in tree.find_all(nodes.Getitem):
        if isinstance(node.node, nodes.Name) and isinstance(node.arg, nodes.Const) and isinstance(
                node.arg.value, str):
            attributes.add((node.node.name, node.arg.value))
    return frozenset(roots), frozenset(attributes)
