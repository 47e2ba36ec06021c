"""The fast hex-string readers and the remembered name preparation give what the libraries give."""

from __future__ import annotations

from io import BytesIO

import pytest
from asn1crypto import x509
from pyhanko.pdf_utils import generic as pyhanko_generic
from pyhanko.pdf_utils.misc import PdfReadError
from pypdf.errors import PdfReadError as PypdfReadError
from pypdf.generic import _data_structures as pypdf_structures

from runtime.signatures import speedups

speedups.install()

READERS = {
    "pypdf": pypdf_structures.read_hex_string_from_stream,
    "pyhanko": pyhanko_generic.read_hex_string_from_stream,
}

#: Hex strings as they appear in PDFs (the reader is called on the ``<``), with what follows them.
SAMPLES = [
    b"<>",
    b"<48656c6c6f>",
    b"<48656C6C6F> /Next",
    b"<4 8 6\n5\r6c\t6c\f6f\x00>",  # PDF whitespace anywhere inside
    b"<486>",  # odd count: the last digit is followed by an implied 0
    b"<" + b"00" * 9000 + b">",  # a signature's /Contents: longer than the first read
    b"<" + bytes(range(32, 127)).hex().encode() + b">]",
    b"<FEFF004100420043>",  # UTF-16BE text
]
#: Anything but hex digits and whitespace before ``>``: handed to the library's own reader.
BROKEN = [
    b"<48656c6c6fzz>",
    b"<48 65 % a comment\n 6c>",
    b"<4865",  # truncated: no closing >
    b"<" + b"ab" * 5000,  # truncated after more than the first read
]


def _read(reader, data: bytes, *extra):
    stream = BytesIO(b"xx" + data)
    stream.seek(2)
    try:
        value = reader(stream, *extra)
    except Exception as exc:  # the exception itself is what is compared
        return ("raised", type(exc), str(exc), stream.tell())
    return ("read", type(value), bytes(value.original_bytes if hasattr(value, "original_bytes") else value),
            str(value), stream.tell())


@pytest.mark.parametrize("library", sorted(READERS))
@pytest.mark.parametrize("data", SAMPLES + BROKEN, ids=lambda d: repr(d[:24]))
def test_the_fast_reader_gives_the_librarys_value_type_and_position(library: str, data: bytes) -> None:
    fast = READERS[library]
    original = fast.__wrapped_original__
    extra = (None,) if library == "pypdf" else ()
    assert _read(fast, data, *extra) == _read(original, data, *extra)


@pytest.mark.parametrize("data", SAMPLES)
def test_valid_strings_never_reach_the_byte_by_byte_reader(data: bytes) -> None:
    calls = []
    original = READERS["pyhanko"].__wrapped_original__

    def counting(*args):
        calls.append(args)
        return original(*args)

    reader = speedups.hex_string_reader(counting, pyhanko_generic.pdf_string)
    reader(BytesIO(data))
    assert calls == []


@pytest.mark.parametrize("library", sorted(READERS))
def test_broken_strings_raise_the_librarys_error(library: str) -> None:
    error = PypdfReadError if library == "pypdf" else PdfReadError
    extra = (None,) if library == "pypdf" else ()
    with pytest.raises(error):
        READERS[library](BytesIO(b"<12zz>"), *extra)


def test_name_preparation_is_remembered_and_equal_to_the_original() -> None:
    prep = x509.NameTypeAndValue._ldap_string_prep
    original = prep.__wrapped_original__
    for text in ("  Nguyễn   Văn  A ", "ỦY BAN NHÂN DÂN", "Cục\u00a0Thuế", "x" * 300):
        assert prep(None, text) == original(None, text)
    first = x509.Name.build({"common_name": "Sở Tư pháp TP. Hồ Chí Minh", "country_name": "VN"})
    second = x509.Name.build({"common_name": "sở  tư pháp tp. hồ chí minh", "country_name": "VN"})
    assert first == second  # RFC 5280 comparison: case and inner spaces do not count


def test_install_is_idempotent() -> None:
    before = pyhanko_generic.read_hex_string_from_stream
    speedups.install()
    assert pyhanko_generic.read_hex_string_from_stream is before


def test_name_keys_are_remembered_by_encoding_and_equal_to_the_original() -> None:
    original = x509.Name.__dict__["hashable"].fget.__wrapped_original__.fget
    names = [x509.Name.build({"common_name": "Sở Tư pháp TP. Hồ Chí Minh", "country_name": "VN"}),
             x509.Name.build({"common_name": "sở  tư pháp tp. hồ chí minh", "country_name": "VN"}),
             x509.Name.build({"common_name": "Bệnh viện Từ Dũ", "organization_name": "Bộ Y tế",
                              "serial_number": "CMND:012345678901"}),
             x509.Name.build({"common_name": "x" * 2000})]
    for name in names:
        again = x509.Name.load(name.dump())  # a certificate parsed anew for each file
        assert name.hashable == again.hashable == original(again)
    assert names[0].hashable == names[1].hashable  # the same name for RFC 5280
    assert names[0].hashable != names[2].hashable


def _names():
    plain = x509.Name.build({"common_name": "Bệnh viện Từ Dũ", "country_name": "VN"})
    printable = x509.Name.build({"common_name": "Benh vien Tu Du", "country_name": "VN"}, use_printable=True)
    utf8 = x509.Name.build({"common_name": "benh  vien tu du", "country_name": "VN"})
    # the same name inside a GeneralName ([4] explicit tagging), as issuer/serial matching sees it
    general = x509.GeneralName(name="directory_name", value=x509.Name.load(plain.dump()))
    tagged = x509.GeneralName.load(general.dump()).chosen
    return plain, printable, utf8, tagged


def test_quick_name_equality_agrees_with_asn1crypto_on_every_pair() -> None:
    original = x509.Name.__eq__.__wrapped_original__
    names = _names()
    for first in names:
        for second in names:
            assert (first == second) is original(first, second), (first.native, second.native)
            if first == second:
                assert first.hashable == second.hashable
    plain, printable, utf8, tagged = names
    assert plain == tagged and tagged == plain  # the outer tagging is not part of the name
    assert printable == utf8  # other string type, case and spaces: the same name (RFC 5280 7.1)
    assert plain != printable and plain != "Bệnh viện Từ Dũ"
