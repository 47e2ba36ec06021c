"""Which warnings people see: motcua's own, never a dependency's deprecation notices.

A citizen-facing console (the CLI, the server) must not print a library's
deprecation warnings: they are addressed to motcua's developers, who see them in
the test run instead (see ``filterwarnings`` in ``pyproject.toml``). Warnings raised
by motcua's own modules are left alone.
"""

from __future__ import annotations

import warnings

#: Modules whose warnings are motcua's own (a regular expression, matched at the start).
OWN_MODULES = r"(runtime|builder)(\.|$)"

#: Third-party warnings known by name that are not DeprecationWarning subclasses.
#: cryptography >= 48 deprecates DSA with a UserWarning subclass that pyHanko triggers
#: merely by importing its signers; remove once pyHanko no longer imports DSA types.
KNOWN_THIRD_PARTY = (r"DSA is deprecated",)


def quiet_third_party_warnings() -> None:
    """Hide dependencies' deprecation notices from the console; keep motcua's own warnings."""
    not_ours = rf"(?!{OWN_MODULES})"
    for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
        warnings.filterwarnings("ignore", category=category, module=not_ours)
    for message in KNOWN_THIRD_PARTY:
        warnings.filterwarnings("ignore", message=message, module=not_ours)
