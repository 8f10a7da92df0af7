"""Solution and hidden-test marker regions in example files.

Authors mark code students must not see with comment lines:

    # BEGIN SOLUTION            // ---- BEGIN HIDDEN TESTS ----
    ...                         ...
    # END SOLUTION              // ---- END HIDDEN TESTS ----

A solution region becomes one stub line (so the student sees where to work); a hidden-test
region disappears. A marker counts only as the whole content of a comment line, so code or a
string literal that merely mentions the words is left alone; the leak guard, which looks for
the words anywhere, then refuses such a file rather than let a half-stripped one through.

Files are read in the text encoding they were written in (UTF-8, UTF-16, UTF-32; see
text_encoding) and written back in it. A file that mentions marker words but is no text exlib
can read is refused: it cannot be stripped, and must not ship as it is.
"""

import re

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.templates.text_encoding import WIDE_VIEWS, decode_text

SOLUTION = "SOLUTION"
HIDDEN_TESTS = "HIDDEN TESTS"
STUB_TEXT = "TODO: your solution here"
PYTHON_SUFFIXES = (".py", ".pyw", ".pyi")

# Comment leaders: # (Python, R, Julia, shell), // and /* (C family), % (Octave/MATLAB),
# ! (Fortran), -- (Haskell, Lua, SQL), ; (Lisp, assembly). Decoration such as `----` or `*/`
# may surround the marker words.
# Possessive (`*+`, `++`): a leader and its decoration share characters, and a line of thousands of
# `#` pushed by anyone with push rights would otherwise be tried split by split (quadratic time).
# Nothing after them can start with a character they take, so giving back would never help.
_DECORATION = r"[\s\-=*#%/!;~_<>.:]*+"
_MARKER_LINE = re.compile(
    r"(?P<indent>[ \t]*+)(?P<leader>#++|//++|/\*++|%++|!++|--++|;++)"
    + _DECORATION
    + r"(?P<edge>BEGIN|END)[ \t]+(?P<kind>SOLUTION|HIDDEN[ \t]+TESTS)"
    + _DECORATION,
    re.IGNORECASE,
)
# Strict on purpose: any spelling close to a marker, anywhere, in any case.
_MARKER_WORDS = r"(?:BEGIN|END)[ \t_-]*(?:SOLUTION|HIDDEN[ \t_-]*TESTS)"
_ANY_MARKER_TEXT = re.compile(_MARKER_WORDS, re.IGNORECASE)
_ANY_MARKER_BYTES = re.compile(_MARKER_WORDS.encode(), re.IGNORECASE)


def may_mention_markers(data: bytes | str) -> bool:
    """False only when `data` certainly mentions no marker: every spelling above holds SOLUTION or
    HIDDEN, and neither word is in it, in any case. One scan at C speed instead of a
    case-insensitive regular expression over the whole file, which dominated a template build.
    Text that is not ASCII always answers True: ignoring case, the expressions also match a few
    other letters (`ſ` for `s`, `ı` for `i`, ...), which lower() would not catch."""
    if isinstance(data, str):
        if not data.isascii():
            return True
        lowered = data.lower()
        return "solution" in lowered or "hidden" in lowered
    lowered = data.lower()  # bytes: ASCII letters only, as the bytes expression ignores case
    return b"solution" in lowered or b"hidden" in lowered


class MarkerError(ExlibError):
    """BEGIN/END marker comments in a file do not pair up, or cannot be read."""


class UnreadableMarkersError(MarkerError):
    """A file mentions marker words but is in no text encoding exlib can read."""


def strip_markers(relpath: str, data: bytes) -> bytes:
    """`data` with solution regions replaced by a stub line and hidden-test regions removed.

    `relpath` picks the stub (Python gets `pass`, so a function body stays valid) and names the
    file in errors. Binary files and files without markers are returned unchanged; line endings
    and the text encoding are kept. Raises MarkerError when the markers do not pair up, and
    UnreadableMarkersError when a file that is no readable text mentions marker words.
    """
    decoded = decode_text(data)
    if decoded is None or not (may_mention_markers(decoded.text) and _ANY_MARKER_TEXT.search(decoded.text)):
        # Marker words in the bytes that the text (if any) does not show: some other reading of
        # the file holds a region we cannot strip.
        if surviving_markers(data):
            raise UnreadableMarkersError(
                f"{relpath} mentions a solution or hidden-test marker but is not text exlib can read "
                "(UTF-8, UTF-16 or UTF-32), so its solution cannot be removed; save it as UTF-8 and deploy "
                "the example again."
            )
        return data
    text = decoded.text
    lines = text.split("\n")
    kept: list[str] = []
    open_region: tuple[re.Match[str], int] | None = None
    for number, line in enumerate(lines, start=1):
        marker = _MARKER_LINE.fullmatch(line.rstrip("\r"))
        if marker is None:
            if open_region is None:
                kept.append(line)
            continue
        kind, edge = _kind(marker), marker["edge"].upper()
        if open_region is None:
            if edge == "END":
                raise MarkerError(
                    f"{relpath}, line {number}: `END {kind}` has no `BEGIN {kind}` before it; "
                    f"add the `BEGIN {kind}` comment where the region starts, or delete this line."
                )
            open_region = (marker, number)
            continue
        begin, begin_number = open_region
        open_kind = _kind(begin)
        if edge == "BEGIN":
            raise MarkerError(
                f"{relpath}, line {number}: `BEGIN {kind}` inside the {open_kind} region begun on line "
                f"{begin_number}; regions cannot be nested: put `END {open_kind}` before this line."
            )
        if kind != open_kind:
            raise MarkerError(
                f"{relpath}, line {number}: `END {kind}` closes the {open_kind} region begun on line "
                f"{begin_number}; end that region with `END {open_kind}` instead."
            )
        if kind == SOLUTION:
            ending = "\r" if lines[begin_number - 1].endswith("\r") else ""
            kept.append(_stub(relpath, begin) + ending)
        open_region = None
    if open_region is not None:
        begin, begin_number = open_region
        raise MarkerError(
            f"{relpath}, line {begin_number}: `BEGIN {_kind(begin)}` is never closed; "
            f"add an `END {_kind(begin)}` comment where the region ends."
        )
    return decoded.encode("\n".join(kept))


def surviving_markers(data: bytes) -> list[int]:
    """1-based numbers of the lines that still mention a marker, in any form: as the text the
    file decodes to, as raw bytes, and (for data with NUL bytes) as UTF-16 or UTF-32 text at
    every alignment, so no encoding hides one."""
    found = set()
    # One search over the whole file first: most files mention no marker, and need no lines.
    if may_mention_markers(data) and _ANY_MARKER_BYTES.search(data):
        found.update(number for number, line in enumerate(data.split(b"\n"), 1) if _ANY_MARKER_BYTES.search(line))
    decoded = decode_text(data)
    texts = [decoded.text] if decoded is not None and decoded.codec != "utf-8" else []
    if b"\x00" in data:
        texts += [
            data[offset:].decode(codec, errors="replace") for codec, width in WIDE_VIEWS for offset in range(width)
        ]
    for text in texts:
        if may_mention_markers(text) and _ANY_MARKER_TEXT.search(text):
            found.update(number for number, line in enumerate(text.split("\n"), 1) if _ANY_MARKER_TEXT.search(line))
    return sorted(found)


def _kind(marker: re.Match[str]) -> str:
    return SOLUTION if marker["kind"].upper() == SOLUTION else HIDDEN_TESTS


def _stub(relpath: str, begin: re.Match[str]) -> str:
    indent, leader = begin["indent"], begin["leader"]
    if leader.startswith("/*"):
        return f"{indent}/* {STUB_TEXT} */"
    if leader.startswith("#") and relpath.lower().endswith(PYTHON_SUFFIXES):
        return f"{indent}pass  # {STUB_TEXT}"
    return f"{indent}{leader} {STUB_TEXT}"
