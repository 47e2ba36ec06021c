"""Text fields: free text, long text, e-mail, phone, personal ID and tax code."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

from ..spec import MISSING, FieldSpec
from .base import FieldKind, Problem, clean, compact


class TextKind(FieldKind):
    """A one-line text input."""

    names = ("text",)
    autocomplete = None

    def input_attrs(self, spec: FieldSpec) -> dict[str, Any]:
        attrs = super().input_attrs(spec)
        autocomplete = spec.extras.get("autocomplete")
        if autocomplete:
            attrs["autocomplete"] = autocomplete
        return attrs


class TextareaKind(TextKind):
    """A text area for several lines."""

    names = ("textarea",)


class EmailKind(FieldKind):
    """An e-mail address."""

    names = ("email",)
    keys: ClassVar[dict[str, str]] = {"format": "email", "pattern": "email"}
    input_type = "email"
    autocomplete = "email"
    spellcheck = False


class PhoneKind(FieldKind):
    """A Vietnamese phone number; spaces, dots and hyphens typed inside are dropped."""

    names = ("phone",)
    keys: ClassVar[dict[str, str]] = {"pattern": "phone", "min_length": "phone",
                                      "max_length": "phone"}
    input_type = "tel"
    autocomplete = "tel"

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = compact(clean(raw), " .-()")
        return (text if text else MISSING), None


class CitizenIdKind(FieldKind):
    """The 12-digit personal identification number (số định danh cá nhân)."""

    names = ("citizen-id",)
    keys: ClassVar[dict[str, str]] = {"pattern": "citizen_id", "min_length": "citizen_id",
                                      "max_length": "citizen_id"}
    inputmode = "numeric"
    spellcheck = False

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = compact(clean(raw), " .-")
        return (text if text else MISSING), None


class TaxCodeKind(FieldKind):
    """A tax code (mã số thuế): 10 digits, or 10 digits, a hyphen and 3 digits, checksum
    verified with ``stdnum.vn.mst``; a 12-digit personal ID number (a person's tax code
    since 1 July 2025) is taken as it is."""

    names = ("tax-code",)
    keys: ClassVar[dict[str, str]] = {"pattern": "tax_code", "min_length": "tax_code",
                                      "max_length": "tax_code"}
    spellcheck = False

    def convert(self, spec: FieldSpec, raw: Any) -> tuple[Any, Problem | None]:
        text = clean(raw).replace(" ", "").replace(".", "")
        if not text:
            return MISSING, None
        if re.fullmatch("[0-9]{12}", text):
            return text, None
        try:
            return _tax_code(text), None
        except StdnumError:
            return MISSING, Problem("tax_code")


def _tax_code(text: str) -> str:
    """The tax code as stored: 10 digits, or ``NNNNNNNNNN-NNN`` for a branch."""
    number = mst.validate(text)
    return number if len(number) == 10 else f"{number[:10]}-{number[10:]}"
