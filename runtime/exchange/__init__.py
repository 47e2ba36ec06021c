"""Inter-system exchange (liên thông): a step of a procedure handled by another system.

A step with ``exchange: {"to": <partner>, "procedure": <code>, "on": {...}}``
hands the dossier to a partner (another motcua instance or an agency's
system) over a signed HTTP API (docs/exchange.md). The partner files its own
dossier and reports its status back; this side recognises each report and
continues its workflow. Everything travels through the job queue (retried,
in order per dossier); every message is signed, time-stamped, carries a
nonce and is refused when replayed, forged or too large.
"""

from .config import ExchangeConfigError, Partner, Partners, load_partners
from .signing import Envelope, SignatureRefused, sign_message, verify_message

__all__ = ["Envelope", "ExchangeConfigError", "Partner", "Partners", "SignatureRefused", "load_partners",
           "sign_message", "verify_message"]
