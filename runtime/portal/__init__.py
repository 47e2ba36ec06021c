"""Synchronising dossiers with the national public-service portal (Cổng Dịch vụ công quốc gia).

Every status change of a dossier is reported to the portal by the worker
(``portal.sync`` jobs), never on the request path. The connector is a plugin:
``MOTCUA_PORTAL_SYNC`` (see :mod:`.registry`).
"""
