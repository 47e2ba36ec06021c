"""The lock file pins every dependency pyproject.toml names, and the venv holds exactly the lock."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


def _locked() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s\\\\;]+)", LOCK.read_text(encoding="utf-8"), flags=re.M)
    return {canonicalize_name(name): version for name, version in pins}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = list(project["project"]["dependencies"])
    for extra in project["project"]["optional-dependencies"].values():
        names += extra
    names += project["build-system"]["requires"]
    return [Requirement(name) for name in names]


def test_every_dependency_pyproject_names_is_pinned_in_the_lock_within_its_range():
    locked = _locked()
    problems = []
    for requirement in _declared():
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not in requirements.lock (run ./dev lock)")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} is outside {requirement.specifier} (run ./dev lock)")
    assert problems == []


def test_every_pin_in_the_lock_carries_hashes():
    blocks = re.split(r"\n(?=[A-Za-z0-9._-]+==)", LOCK.read_text(encoding="utf-8"))
    unhashed = [block.split()[0] for block in blocks if "==" in block.split()[0] and "--hash=sha256:" not in block]
    assert unhashed == []


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="not running in the project's virtual environment")
def test_the_virtual_environment_holds_exactly_what_the_lock_pins():
    locked = _locked()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("pip", None)  # the venv's own installer, not a dependency
    installed.pop("motcua", None)
    assert installed == locked, "reinstall from the lock: rm -r .venv && ./dev test"
