import pytest

from exlib_assets.core.templates.text_encoding import decode_text

TEXT = "x = 'café'\r\n# BEGIN SOLUTION\nprint(x)\n"


@pytest.mark.parametrize(
    ("data", "codec", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", b""),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8", b"\xef\xbb\xbf"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le", b"\xff\xfe"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be", b"\xfe\xff"),
        (TEXT.encode("utf-16-le"), "utf-16-le", b""),
        (TEXT.encode("utf-16-be"), "utf-16-be", b""),
        (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), "utf-32-le", b"\xff\xfe\x00\x00"),
        (b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"), "utf-32-be", b"\x00\x00\xfe\xff"),
        (TEXT.encode("utf-32-le"), "utf-32-le", b""),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf32le-bom",
        "utf32be-bom",
        "utf32le",
    ],
)
def test_every_encoding_is_read_and_written_back_the_same_way(data, codec, bom):
    decoded = decode_text(data)

    assert (decoded.text, decoded.codec, decoded.bom) == (TEXT, codec, bom)
    assert decoded.encode(decoded.text) == data


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"caf\xe9\n",  # Latin-1
        b"text with one stray \x00 NUL\n",
        b"\xef\xbb\xbfa\x00b\n",
    ],
    ids=["png", "latin-1", "stray-nul", "utf8-bom-with-nul"],
)
def test_what_is_not_text_we_read_is_not_guessed(data):
    assert decode_text(data) is None
