"""Who signs the documents the system issues, and which roots are trusted: two plugin areas.

The agency signer (``MOTCUA_SIGNER``) signs slips and results; the trust roots
(``MOTCUA_TRUST``) decide which signatures on citizens' and agencies' PDFs are
accepted. See :mod:`.registry`.
"""
