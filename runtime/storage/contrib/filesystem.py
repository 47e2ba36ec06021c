"""Attachments on a filesystem path: ``MOTCUA_ATTACHMENTS`` (default ``<instance>/attachments``).

Several nodes share one path on a shared filesystem (NFS); files are written
under a temporary name and renamed, so readers never see half a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..attachments import FileSystemAttachmentStore


def build(config: Mapping[str, Any]) -> FileSystemAttachmentStore:
    return FileSystemAttachmentStore(config.get("MOTCUA_ATTACHMENTS")
                                     or Path(config["MOTCUA_INSTANCE_DIR"]) / "attachments")
