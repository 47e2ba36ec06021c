"""Converting a pre-2025 address (province, district, commune) to the 2025 units.

Identity data may still hold addresses from before 1 July 2025 (63 provinces, districts,
10,047 communes). An address is old when it names a district (the 2025 units have none)
or when its codes are not a 2025 province and one of its communes. Then:

* the old commune went into one new commune → ``converted`` (the new address, and the
  old one kept for the provenance);
* it was split across several → ``split``: the candidates, never a guess; the commune is
  left for the applicant to choose;
* the old province is known but not the commune → ``province-only``;
* the province code is neither a 2025 nor a pre-2025 one → ``unknown``, with a clear message.

Data: ``data/old_units_2025.json`` (derived by ``builder/old_units.py`` from an MIT-licensed
data set: see ``data/LICENSE.admin-units``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from ..forms.admin_units import commune_name, province_name, units

DATA_FILE = Path(__file__).resolve().parent / "data" / "old_units_2025.json"

Status = Literal["current", "converted", "split", "province-only", "unknown"]


@functools.cache
def old_units() -> dict[str, Any]:
    """``{"provinces": {code: [name, new_code]}, "communes": {code: [province, name, [new codes]]}}``."""
    return orjson.loads(DATA_FILE.read_bytes())


@dataclass(frozen=True)
class AddressConversion:
    """What became of an address in the 2025 units."""

    status: Status
    address: dict[str, Any] | None
    """The address to use (``split``/``province-only``: without a commune; ``unknown``: None)."""
    old: dict[str, Any] | None = None
    """The address as given, when it was a pre-2025 one."""
    candidates: tuple[dict[str, str], ...] = field(default=())
    """``split``: the new communes the old one went into (``province_code``, ``commune_code``, ``name``)."""
    message_vi: str = ""
    message_en: str = ""

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi

    def provenance(self) -> dict[str, Any] | None:
        """What the autofill provenance records about the conversion (None: nothing converted)."""
        if self.status == "current":
            return None
        return {"status": self.status, "from": dict(self.old or {}), "candidates": [dict(c) for c in self.candidates]}


def _is_current(province: str, commune: str) -> bool:
    return province in units() and (not commune or commune in units()[province]["communes"])


def _new_province_of(commune: str) -> str | None:
    return next((p for p, data in units().items() if commune in data["communes"]), None)


def _old_text(old: Mapping[str, Any]) -> str:
    commune = old_units()["communes"].get(str(old.get("commune_code") or ""))
    province = old_units()["provinces"].get(str(old.get("province_code") or ""))
    parts = [commune[1] if commune else "", province[0] if province else ""]
    return ", ".join(p for p in parts if p)


def convert_address(address: Mapping[str, Any]) -> AddressConversion:
    """The 2025 address for ``address`` (see the module's docstring for the outcomes)."""
    province = str(address.get("province_code") or "")
    commune = str(address.get("commune_code") or "")
    if not address.get("district_code") and _is_current(province, commune):
        return AddressConversion("current", dict(address))
    old = dict(address)
    kept = {k: v for k, v in address.items() if k not in ("province_code", "district_code", "commune_code")}
    old_province = old_units()["provinces"].get(province)
    if old_province is None:
        return AddressConversion(
            "unknown", None, old,
            message_vi=f"Mã tỉnh/thành phố “{province}” trong địa chỉ đã lưu không còn tồn tại và không có trong danh "
                       "mục đơn vị hành chính trước hay sau ngày 01/7/2025. Vui lòng chọn lại tỉnh/thành phố và "
                       "xã/phường.",
            message_en=f"The province code “{province}” in the stored address no longer exists and is not in the list "
                       "of administrative units before or after 1 July 2025. Choose the province and commune again.")
    new_province = old_province[1]
    found = old_units()["communes"].get(commune)
    if found is None or found[0] != province:
        return AddressConversion(
            "province-only", {**kept, "province_code": new_province}, old,
            message_vi=f"{old_province[0]} nay thuộc {province_name(new_province)}. Vui lòng chọn xã/phường mới.",
            message_en=f"{old_province[0]} is now part of {province_name(new_province)}. Choose the new commune.")
    targets = [(_new_province_of(c) or new_province, c) for c in found[2]]
    if len(targets) == 1:
        [(p, c)] = targets
        return AddressConversion(
            "converted", {**kept, "province_code": p, "commune_code": c}, old,
            message_vi=f"Địa chỉ cũ ({_old_text(old)}) đã được chuyển sang đơn vị hành chính mới: "
                       f"{commune_name(p, c)}, {province_name(p)}.",
            message_en=f"The old address ({_old_text(old)}) was converted to the new units: "
                       f"{commune_name(p, c)}, {province_name(p)}.")
    candidates = tuple({"province_code": p, "commune_code": c, "name": commune_name(p, c) or c} for p, c in targets)
    names = ", ".join(c["name"] for c in candidates)
    return AddressConversion(
        "split", {**kept, "province_code": targets[0][0]}, old, candidates,
        message_vi=f"{found[1]} ({old_province[0]}) nay được chia vào nhiều xã/phường: {names}. Vui lòng chọn "
                   "xã/phường nơi bạn ở.",
        message_en=f"{found[1]} ({old_province[0]}) is now divided between several communes: {names}. Choose the "
                   "one where you live.")
