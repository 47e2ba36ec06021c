"""Faster equivalents of two hot spots in the libraries that read signed PDFs.

Measured with cProfile on bench/signatures.py's one-page signed PDF, the two
libraries spend most of a verification in two places that have nothing to do
with cryptography:

* **hex strings**: pypdf (the structure scan) and pyHanko (the validation)
  both read ``<...>`` strings one byte at a time, and a signature's
  ``/Contents`` is such a string of 16,000+ hex digits: read twice, about a
  third of the whole verification. :func:`hex_string_reader` reads the same
  string with one regular-expression scan and ``binascii.unhexlify``.
* **name comparison**: asn1crypto compares certificate names after the
  RFC 4518 string preparation, recomputed on each freshly parsed certificate
  (the signer's chain is parsed anew for every file), and files certificates
  in registries under a key built from those prepared names at every lookup.
  Both are pure functions (of the string; of the name's DER encoding), so
  their results are remembered (bounded LRUs).

Both are drop-in: same results, same exceptions. A hex string the fast path
does not handle exactly like the library (anything but hex digits and PDF
whitespace before ``>``: a comment, a bad digit, a missing ``>``) is handed to
the library's own reader from the same position, so every error path is the
library's. :func:`install` is idempotent; the parsing modules call it at import
(the sandbox's workers import them too). tests/signatures/test_speedups.py
compares each with the original on valid and broken input.
"""

from __future__ import annotations

import binascii
import functools
import re
from collections.abc import Callable
from typing import Any

#: Hex digits and the PDF whitespace both libraries skip inside a hex string (ISO 32000 7.2.2).
_NOT_HEX_BODY = re.compile(rb"[^0-9A-Fa-f \t\n\r\f\x00]")
_WHITESPACE = b" \t\n\r\f\x00"
_FIRST_READ = 4096
_installed = False


def read_hex_digits(stream: Any) -> bytes | None:
    """The bytes of the hex string at ``stream`` (positioned on its ``<``), leaving the stream after
    its ``>``; ``None`` with the stream where it was when the string holds anything else."""
    start = stream.tell()
    buffer = b""
    want = _FIRST_READ
    while True:
        more = stream.read(want)
        stop = _NOT_HEX_BODY.search(buffer + more, max(1, len(buffer)))  # only what was not looked at yet
        buffer += more
        if stop is not None or not more:
            break
        want *= 2
    if stop is None or buffer[stop.start()] != ord(">"):
        stream.seek(start)
        return None
    digits = buffer[1:stop.start()].translate(None, _WHITESPACE)
    stream.seek(start + stop.end())
    if len(digits) % 2:
        digits += b"0"  # both libraries read a final odd digit as if followed by 0 (ISO 32000 7.3.4.3)
    return binascii.unhexlify(digits)


def hex_string_reader(original: Callable[..., Any], make: Callable[..., Any]) -> Callable[..., Any]:
    """``original``'s fast equivalent: ``make(decoded, *extra)`` builds the library's string object."""

    @functools.wraps(original)
    def read(stream: Any, *extra: Any) -> Any:
        decoded = read_hex_digits(stream)
        if decoded is None:
            return original(stream, *extra)
        return make(decoded, *extra)

    read.__wrapped_original__ = original  # type: ignore[attr-defined]
    return read


#: Names longer than this are prepared each time (a hostile certificate cannot fill the cache).
_REMEMBER_UP_TO = 256
_REMEMBERED_NAMES = 4096


def _prepared(original: Callable[[Any, str], str]) -> Callable[[Any, str], str]:
    remembered = functools.lru_cache(maxsize=4096)(lambda text: original(None, text))

    @functools.wraps(original)
    def prep(self: Any, string: str) -> str:
        if len(string) > _REMEMBER_UP_TO:
            return original(self, string)
        return remembered(string)

    prep.__wrapped_original__ = original  # type: ignore[attr-defined]
    return prep


def _remembered_hashable(original: property) -> property:
    """``Name.hashable`` (the key certificate registries file names under) remembered by the encoding
    of the name's RDN sequence (without any outer tagging), of which it is a pure function: the names
    of certificates parsed anew for each file (the signer's chain) are then prepared once, not at
    every registry lookup."""
    compute = original.fget
    remembered: dict[bytes, str] = {}

    def hashable(self: Any) -> str:
        encoded = self.chosen.dump()
        found = remembered.get(encoded)
        if found is None:
            found = compute(self)
            if len(encoded) <= 4 * _REMEMBER_UP_TO:
                if len(remembered) >= _REMEMBERED_NAMES:
                    remembered.clear()  # bounded: forgetting costs a recomputation, nothing else
                remembered[encoded] = found
        return found

    hashable.__wrapped_original__ = original  # type: ignore[attr-defined]
    return property(hashable)


def _quick_name_equality(original: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """``Name.__eq__`` (RFC 5280 7.1) answered at once in the two common cases: the same DER encoding
    (the same name), or different keys (``hashable`` holds each RDN's types and prepared values, so
    names that compare equal have equal keys); anything else is compared by asn1crypto itself."""
    from asn1crypto import x509

    @functools.wraps(original)
    def equal(self: Any, other: Any) -> bool:
        if not isinstance(other, x509.Name):
            return False
        if self.chosen.dump() == other.chosen.dump():
            return True
        if self.hashable != other.hashable:
            return False
        return original(self, other)

    equal.__wrapped_original__ = original  # type: ignore[attr-defined]
    return equal


def install() -> None:
    """Put the fast readers in place (once per process)."""
    global _installed
    if _installed:
        return
    import pyhanko.pdf_utils.generic as pyhanko_generic
    import pypdf.generic._data_structures as pypdf_structures
    from asn1crypto import x509
    from pypdf.generic import create_string_object

    pypdf_structures.read_hex_string_from_stream = hex_string_reader(
        pypdf_structures.read_hex_string_from_stream, create_string_object)
    pyhanko_generic.read_hex_string_from_stream = hex_string_reader(
        pyhanko_generic.read_hex_string_from_stream, lambda decoded: pyhanko_generic.pdf_string(decoded))
    x509.NameTypeAndValue._ldap_string_prep = _prepared(x509.NameTypeAndValue._ldap_string_prep)
    x509.Name.hashable = _remembered_hashable(x509.Name.hashable)
    x509.Name.__eq__ = _quick_name_equality(x509.Name.__eq__)
    _installed = True
