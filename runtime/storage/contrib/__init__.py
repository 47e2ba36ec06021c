"""Shared-state backends beside the dossier store (``redis``: sessions and rate limits in Redis)."""
