import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exlib_assets.core.templates.formats import student_version
from exlib_assets.core.templates.markers import (
    MarkerError,
    UnreadableMarkersError,
    may_mention_markers,
    strip_markers,
    surviving_markers,
)

PYTHON = b"""\
def encrypt(text, shift):
    \"\"\"Encrypt.\"\"\"
    # BEGIN SOLUTION
    return text[shift:]
    # END SOLUTION


# BEGIN HIDDEN TESTS
def test_secret():
    assert encrypt("ab", 1) == "b"
# END HIDDEN TESTS
print("done")
"""


def test_python_solution_becomes_pass_stub_and_hidden_tests_vanish():
    assert strip_markers("caesar.py", PYTHON) == (
        b'def encrypt(text, shift):\n    """Encrypt."""\n    pass  # TODO: your solution here\n\n\nprint("done")\n'
    )


@pytest.mark.parametrize(
    ("relpath", "begin", "end", "stub"),
    [
        ("list.c", "// BEGIN SOLUTION", "// END SOLUTION", "// TODO: your solution here"),
        ("list.c", "/* BEGIN SOLUTION */", "/* END SOLUTION */", "/* TODO: your solution here */"),
        ("list.c", "// ---- BEGIN SOLUTION ----", "// ---- END SOLUTION ----", "// TODO: your solution here"),
        ("solve.f90", "! BEGIN SOLUTION", "! END SOLUTION", "! TODO: your solution here"),
        ("newton.jl", "# BEGIN SOLUTION", "# END SOLUTION", "# TODO: your solution here"),
        ("vector_norm.m", "% BEGIN SOLUTION", "% END SOLUTION", "% TODO: your solution here"),
        ("vector_norm.m", "%% BEGIN SOLUTION", "%% END SOLUTION", "%% TODO: your solution here"),
        ("descriptive.R", "# BEGIN SOLUTION", "# END SOLUTION", "# TODO: your solution here"),
        ("util.lua", "-- BEGIN SOLUTION", "-- END SOLUTION", "-- TODO: your solution here"),
        ("query.sql", "-- BEGIN SOLUTION", "-- END SOLUTION", "-- TODO: your solution here"),
        ("fact.lisp", ";; BEGIN SOLUTION", ";; END SOLUTION", ";; TODO: your solution here"),
    ],
)
def test_every_comment_leader_keeps_indentation(relpath, begin, end, stub):
    source = f"start\n    {begin}\n    secret()\n    {end}\nend\n".encode()
    assert strip_markers(relpath, source) == f"start\n    {stub}\nend\n".encode()


@pytest.mark.parametrize(
    ("relpath", "begin", "end"),
    [
        ("test.c", "// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS"),
        ("test.c", "/* BEGIN HIDDEN TESTS */", "/* END HIDDEN TESTS */"),
        ("test.m", "% BEGIN HIDDEN TESTS", "% END HIDDEN TESTS"),
        ("test.jl", "# BEGIN HIDDEN TESTS", "# END HIDDEN TESTS"),
    ],
)
def test_hidden_tests_are_removed_with_their_markers(relpath, begin, end):
    source = f"visible()\n  {begin}\n  hidden()\n  {end}\nvisible_too()\n".encode()
    assert strip_markers(relpath, source) == b"visible()\nvisible_too()\n"


def test_real_sample_solution_is_stripped(deployed_folder):
    stripped = strip_markers("vector_norm.m", deployed_folder("octave_vector_norm")["vector_norm.m"])
    assert b"  % TODO: your solution here\n" in stripped
    assert b"error(" not in stripped
    assert surviving_markers(stripped) == []


def test_crlf_line_endings_are_kept():
    source = b"a = 1\r\n# BEGIN SOLUTION\r\nb = 2\r\n# END SOLUTION\r\nc = 3\r\n"
    assert strip_markers("x.R", source) == b"a = 1\r\n# TODO: your solution here\r\nc = 3\r\n"


def test_byte_order_mark_is_kept():
    source = b"\xef\xbb\xbf# BEGIN SOLUTION\nx\n# END SOLUTION\n"
    assert strip_markers("x.R", source) == b"\xef\xbb\xbf# TODO: your solution here\n"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x00\x1a\n\x00IHDR\x00", b"caf\xe9 au lait\nx\n"],
    ids=["nul-bytes", "not-utf8"],
)
def test_binary_files_are_untouched(data):
    assert strip_markers("image.png", data) is data


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x00# BEGIN SOLUTION\n", b"caf\xe9 # BEGIN SOLUTION\nx\n"],
    ids=["nul-bytes", "not-utf8"],
)
def test_binary_files_mentioning_markers_are_refused_not_shipped_as_they_are(data):
    with pytest.raises(UnreadableMarkersError, match=r"^image\.png mentions a solution .* save it as UTF-8"):
        strip_markers("image.png", data)


def test_marker_words_on_a_code_line_are_not_markers():
    source = b'print("# BEGIN SOLUTION")\nx = "END SOLUTION"  # not a marker\ny = 1  # BEGIN SOLUTION\n'
    assert strip_markers("x.py", source) == source


def test_lower_case_markers_are_recognised():
    assert strip_markers("x.c", b"// begin solution\nx;\n// end solution\n") == b"// TODO: your solution here\n"


@pytest.mark.parametrize(
    ("source", "line", "advice"),
    [
        ("a\n# END SOLUTION\n", 2, "has no `BEGIN SOLUTION` before it"),
        ("a\nb\n# BEGIN SOLUTION\nc\n", 3, "is never closed; add an `END SOLUTION`"),
        ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n", 2, "cannot be nested"),
        ("# BEGIN HIDDEN TESTS\n# BEGIN SOLUTION\n", 2, "cannot be nested"),
        ("# BEGIN HIDDEN TESTS\nx\n# END SOLUTION\n", 3, "end that region with `END HIDDEN TESTS`"),
        ("# BEGIN SOLUTION\nx\n# END HIDDEN TESTS\n", 3, "end that region with `END SOLUTION`"),
    ],
    ids=["end-without-begin", "begin-without-end", "nested", "solution-in-hidden", "mixed-1", "mixed-2"],
)
def test_unbalanced_markers_name_file_line_and_fix(source, line, advice):
    with pytest.raises(MarkerError, match=f"week1/caesar/caesar.py, line {line}: ") as raised:
        strip_markers("week1/caesar/caesar.py", source.encode())
    assert advice in str(raised.value)


def test_surviving_markers_is_strict():
    data = b'ok\nprint("BEGIN SOLUTION")\n<!-- end hidden tests -->\nBEGIN_SOLUTION\nfine\n'
    assert surviving_markers(data) == [2, 3, 4]
    assert surviving_markers(b"\x00\x01END SOLUTION\x00") == [1]


_LINES = st.lists(st.sampled_from(["x = 1", "  y()", "# comment", "", "\tz", "BEGIN", "SOLUTION"]), max_size=8)


@given(before=_LINES, inside=_LINES, after=_LINES, indent=st.sampled_from(["", "  ", "\t"]))
def test_no_marker_or_solution_line_survives(before, inside, after, indent):
    inside = [f"secret_{index}" for index, _ in enumerate(inside)]
    lines = [*before, f"{indent}# BEGIN SOLUTION", *inside, f"{indent}# END SOLUTION", *after]
    stripped = strip_markers("x.jl", "\n".join(lines).encode()).decode()
    assert stripped.split("\n") == [*before, f"{indent}# TODO: your solution here", *after]
    assert surviving_markers(stripped.encode()) == []


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-le", b""), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00")],
    ids=["utf16le-bom", "utf16le", "utf16be-bom", "utf32le-bom"],
)
def test_utf16_and_utf32_files_are_stripped_and_stay_in_their_encoding(codec, bom):
    source = "# Grüße\r\n# BEGIN SOLUTION\r\nsecret = 42\r\n# END SOLUTION\r\n"

    stripped = strip_markers("x.R", bom + source.encode(codec))

    assert stripped == bom + "# Grüße\r\n# TODO: your solution here\r\n".encode(codec)
    assert surviving_markers(stripped) == []


def test_markers_hidden_in_utf16_are_seen_by_the_guard():
    data = "ok\n# BEGIN SOLUTION\n".encode("utf-16-le")
    assert surviving_markers(data) == [2]
    assert surviving_markers(b"\x00" + data) == [2]  # at any alignment


def test_unbalanced_markers_in_utf16_name_the_file_and_line():
    with pytest.raises(MarkerError, match=r"^w/x\.py, line 2: `BEGIN SOLUTION` is never closed"):
        strip_markers("w/x.py", b"\xff\xfe" + "a = 1\n# BEGIN SOLUTION\nb = 2\n".encode("utf-16-le"))


def test_a_hostile_line_of_comment_leaders_is_read_in_linear_time():
    # Anyone with push rights can commit such a line; read with backtracking, 200 000 `#` before
    # the marker words would take hours (8 000 took about a second before the matcher was made
    # possessive). The bound is generous: this is about hours against milliseconds, not speed.
    data = ("#" * 200_000 + " BEGIN SOLUTION x\n# BEGIN SOLUTION\nsecret = 1\n# END SOLUTION\n").encode()
    started = time.monotonic()

    stripped = strip_markers("week1/a.py", data)

    assert time.monotonic() - started < 5
    assert b"secret" not in stripped and stripped.endswith(b"pass  # TODO: your solution here\n")


_MARKER_SEARCH_TEXT = re.compile(r"(?:BEGIN|END)[ \t_-]*(?:SOLUTION|HIDDEN[ \t_-]*TESTS)", re.IGNORECASE)
_MARKER_SEARCH_BYTES = re.compile(rb"(?:BEGIN|END)[ \t_-]*(?:SOLUTION|HIDDEN[ \t_-]*TESTS)", re.IGNORECASE)
_PIECES = ["BEGIN", "eNd", " ", "_", "-", "\t", "SoLuTiOn", "hidden", "TESTS", "x", "\n", "\u017f", "\u0131", "é"]


@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_the_quick_look_never_misses_what_the_strict_search_finds(pieces):
    text = "".join(pieces)
    # "No marker" from the quick look must be certain; the strict search is the authority.
    if _MARKER_SEARCH_TEXT.search(text):
        assert may_mention_markers(text)
    if _MARKER_SEARCH_BYTES.search(text.encode("utf-8")):
        assert may_mention_markers(text.encode("utf-8"))


def test_the_quick_look_clears_plain_files_and_never_non_ascii_text():
    assert not may_mention_markers(b"def answer():\n    return 42  # the end\n")
    assert not may_mention_markers("A task text with no marker words.\n")
    assert may_mention_markers("BEGIN \u017fOLUTION")  # the long s matches `s` ignoring case
    assert _MARKER_SEARCH_TEXT.search("BEGIN \u017fOLUTION")
    assert may_mention_markers(b"# begin hidden tests")


def test_a_markdown_file_without_markers_ships_unchanged_and_one_with_them_is_stripped():
    plain = b"# Task\n\nWrite a function.  \r\n"
    marked = b"# Task\n<!-- BEGIN SOLUTION -->\nthe answer\n<!-- END SOLUTION -->\n"

    assert student_version("week1/x/content/index.md", plain) == plain
    assert b"the answer" not in student_version("week1/x/content/index.md", marked)
