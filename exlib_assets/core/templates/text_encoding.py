"""Which text encoding a file is in, so it can be read, changed and written back in that encoding.

Example libraries are written on many machines: UTF-8 with or without a byte order mark, UTF-16
(what Windows editors call "Unicode"), sometimes UTF-32. Marker stripping and the leak guard
must read all of them: a solution region in a UTF-16 file is as secret as one in UTF-8.

A byte order mark names the encoding. Without one, a file without NUL bytes is read as UTF-8,
and a file with NUL bytes is read as UTF-16 or UTF-32 when the NULs fall where mostly-ASCII text
in that encoding puts them (every other byte for UTF-16, three of four for UTF-32). What does
not decode cleanly, or decodes to control characters no text file holds, is not text.
"""

import re
from dataclasses import dataclass

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# Control characters other than tab, line feed, vertical tab, form feed, carriage return and
# escape: binary data read as UTF-16/32 is full of them, text is not.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# Encodings, and the byte offsets their code units can start at, that may hold text when a file
# is no text we can read: where hidden marker words are looked for.
WIDE_VIEWS = (("utf-16-le", 2), ("utf-16-be", 2), ("utf-32-le", 4), ("utf-32-be", 4))


@dataclass(frozen=True)
class DecodedText:
    """A file's text (without byte order mark) and how to write text back the same way."""

    text: str
    codec: str  # a Python codec without BOM handling: utf-8, utf-16-le, ...
    bom: bytes

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def decode_text(data: bytes) -> DecodedText | None:
    """`data` as text in the encoding it was written in, or None when it is not text we can read."""
    for bom, codec in _BYTE_ORDER_MARKS:
        if data.startswith(bom):
            decoded = _decode(data, bom, codec)
            # A NUL character is no text, whatever the mark says (as before for plain UTF-8).
            if decoded is not None and "\x00" not in decoded.text:
                return decoded
    if b"\x00" not in data:
        return _decode(data, b"", "utf-8")
    codec = _wide_codec_without_bom(data)
    decoded = _decode(data, b"", codec) if codec else None
    # A guess from NUL bytes alone must also read as text: binary data read as UTF-16 is full
    # of control characters.
    return None if decoded is None or _NOT_TEXT.search(decoded.text) else decoded


def _decode(data: bytes, bom: bytes, codec: str) -> DecodedText | None:
    try:
        return DecodedText(data[len(bom) :].decode(codec), codec, bom)
    except UnicodeDecodeError:
        return None


def _wide_codec_without_bom(data: bytes) -> str | None:
    nuls = [data[offset::4].count(0) for offset in range(4)]
    units = len(data) // 4
    if len(data) % 4 == 0 and units:
        # UTF-32 text of the Basic Multilingual Plane: the two high bytes of every unit are 0.
        if nuls[2] == nuls[3] == units:
            return "utf-32-le"
        if nuls[0] == nuls[1] == units:
            return "utf-32-be"
    if len(data) % 2 == 0:
        # Mostly-ASCII UTF-16 (source code): the high byte of many units is 0, on the odd (LE) or
        # even (BE) side, and seldom on the other. A stray NUL in UTF-8 or binary data is neither.
        odd, even = nuls[1] + nuls[3], nuls[0] + nuls[2]
        enough = len(data) // 2 * 3 // 10
        if odd >= enough and even * 4 <= odd:
            return "utf-16-le"
        if even >= enough and odd * 4 <= even:
            return "utf-16-be"
    return None
