"""Where attachment bytes are kept: ``MOTCUA_ATTACHMENT_STORE`` (dossiers themselves: ``MOTCUA_STORE``, a URL)."""

from __future__ import annotations

from ..plugins import Registry
from .attachments import AttachmentStore

ATTACHMENTS: Registry[AttachmentStore] = Registry("attachment store", "MOTCUA_ATTACHMENT_STORE",
                                                  default="filesystem", contract=AttachmentStore)
ATTACHMENTS.register("filesystem", "runtime.storage.contrib.filesystem:build",
                     description="a local or shared filesystem path (MOTCUA_ATTACHMENTS)")
ATTACHMENTS.register("s3", "runtime.storage.contrib.s3:build",
                     description="an S3-compatible object store (MOTCUA_S3_BUCKET, _PREFIX, _ENDPOINT, ...)")
