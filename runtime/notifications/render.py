"""Notification texts from templates in the theme, in the applicant's language.

Templates are ``notifications/<kind>.<lang>.txt``: the first line is
``Subject: …``, the rest is the body. They are rendered in a sandboxed Jinja
environment, so a theme's text can never reach into the application.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

KINDS = ("receipt", "supplement", "result", "apology", "payment", "deadline-due-soon", "deadline-overdue")


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[str, ...]) -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=ChoiceLoader([FileSystemLoader(f) for f in folders]),
                                undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def render_message(template_dirs: list[Path], kind: str, lang: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of notification ``kind`` in ``lang``."""
    env = _environment(tuple(str(d) for d in template_dirs))
    text = env.get_template(f"notifications/{kind}.{lang}.txt").render(**context)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"notifications/{kind}.{lang}.txt must start with 'Subject:'")
    return first.removeprefix("Subject:").strip(), body.strip() + "\n"
