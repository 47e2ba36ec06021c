"""Attachment store backends (see :data:`runtime.storage.plugins.ATTACHMENTS`)."""
