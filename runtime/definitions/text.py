"""Text helpers for definitions (see :mod:`runtime.text`)."""

from ..text import fold, normalise_input

__all__ = ["fold", "normalise_input"]
