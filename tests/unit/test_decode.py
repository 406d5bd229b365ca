"""decode(): text in UTF-8, UTF-16/32 with a byte-order mark, or Windows-1252; never binary."""

from __future__ import annotations

import pytest

from contested.errors import InputError
from contested.readers import decode

TEXT = "Taliban fighters entered Panjshir on Wednesday.\nThe NRF denied it."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_wide_encodings_with_a_byte_order_mark_are_text(codec: str) -> None:
    data = TEXT.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode(data, "f") == (TEXT, [])


def test_windows_1252_is_decoded_with_a_warning() -> None:
    text, warnings = decode("Massoud’s men".encode("cp1252"), "f")
    assert text == "Massoud’s men" and "Windows-1252" in warnings[0]


def test_nul_bytes_without_a_byte_order_mark_are_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"PK\x03\x04\x00\x00data", "f")
