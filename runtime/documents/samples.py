"""Sample answers for previewing result documents (the studio's starting test data, the CLI's
docs, the benchmark and the tests): fictitious people, real 2025 administrative units."""

from __future__ import annotations

import copy
from typing import Any

_HOME = {"province_code": "79", "commune_code": "26740", "street": "12 Lê Lợi"}

_SAMPLES: dict[str, dict[str, Any]] = {
    "1.001193": {
        "applicant_name": "Nguyễn Thị Lan", "applicant_personal_id": "079190012345", "applicant_phone": "0912345678",
        "applicant_address": _HOME, "relationship_to_child": "mother", "child_name": "Trần Minh Khôi",
        "child_sex": "male", "child_birth_date": "2026-02-20", "child_birth_place": "Bệnh viện Từ Dũ",
        "child_hometown": "Xã Tân An, Tỉnh Đồng Tháp", "child_ethnicity": "Kinh", "child_nationality": "Việt Nam",
        "mother_name": "Nguyễn Thị Lan", "mother_birth_date": "1990-05-04", "mother_ethnicity": "Kinh",
        "mother_nationality": "Việt Nam", "mother_address": _HOME, "father_known": True,
        "father_name": "Trần Văn Bình", "father_birth_date": "1988-01-15", "father_ethnicity": "Kinh",
        "father_nationality": "Việt Nam", "extract_copies": 2, "delivery": "online",
    },
}


def sample_answers(code: str) -> dict[str, Any]:
    """A fresh copy of the sample answers for procedure ``code`` (empty when it has none)."""
    return copy.deepcopy(_SAMPLES.get(code, {}))
