import pickle
import re

import pytest

from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.sample import SAMPLE_EXAMPLES
from exlib_assets.core.templates.leak_guard import Leak, LeakError, find_leaks, text_digest
from exlib_assets.core.templates.student_view import student_files

SOLUTION = b"def encrypt(text, shift):\n    return text[shift:] + text[:shift]\n"
EXCLUDED = {
    "week1/caesar/caesar.py": SOLUTION,
    "week1/caesar/test_caesar.py": b"def test_encrypt():\n    assert encrypt('ab', 1) == 'ba'\n",
    "week1/caesar/__init__.py": b"",
    "week1/caesar/blank.txt": b"  \n\n",
}


def test_solution_copied_under_another_name_is_caught():
    leaks = find_leaks({"week1/caesar/helper.py": SOLUTION}, EXCLUDED)
    assert leaks == [Leak("week1/caesar/helper.py", "identical to the excluded week1/caesar/caesar.py")]


def test_template_identical_to_the_solution_is_caught(deployed_folder):
    folder = deployed_folder("py_hello_world")
    # A solution without markers, copied as the template: nothing is stripped, so it ships whole.
    solution = folder["hello.py"].replace(b"# BEGIN SOLUTION\n", b"").replace(b"# END SOLUTION\n", b"")
    folder["hello.py"] = folder["studentTemplates/hello.py"] = solution
    view = student_files(folder, folder="week1/hello")
    tree = {f"week1/hello/{path}": data for path, data in view.files.items()}
    excluded = {f"week1/hello/{path}": data for path, data in view.excluded.items()}
    assert find_leaks(tree, excluded) == [
        Leak("week1/hello/hello.py", "identical to the excluded week1/hello/hello.py"),
    ]


def test_marker_left_behind_is_caught():
    readme = b"# Caesar\n\nWrite encrypt.\n<!-- BEGIN SOLUTION -->\nshift each letter\n<!-- END SOLUTION -->\n"
    leaks = find_leaks({"week1/caesar/README.md": readme}, EXCLUDED)
    assert leaks == [Leak("week1/caesar/README.md", "a solution or hidden-test marker is left on line(s) 4, 6")]


@pytest.mark.parametrize(
    "variant",
    [
        SOLUTION.replace(b"\n", b"\r\n"),
        SOLUTION.replace(b"\n", b"  \n"),
        SOLUTION + b"\n\n",
        b"\xef\xbb\xbf" + SOLUTION.rstrip(b"\n"),
    ],
    ids=["crlf", "trailing-spaces", "trailing-blank-lines", "bom-no-final-newline"],
)
def test_whitespace_variants_of_a_solution_are_caught(variant):
    [leak] = find_leaks({"week1/caesar/caesar.py": variant}, EXCLUDED)
    assert leak.path == "week1/caesar/caesar.py"
    assert "week1/caesar/caesar.py apart from line endings or trailing whitespace" in leak.reason


def test_empty_starters_are_not_leaks():
    tree = {"week1/caesar/caesar.py": b"", "week1/caesar/__init__.py": b"", "week1/caesar/notes.txt": b"\n"}
    assert find_leaks(tree, EXCLUDED) == []


def test_the_whole_sample_library_has_no_leaks():
    tree, excluded = {}, {}
    for root in sorted(SAMPLE_EXAMPLES.iterdir()):
        files = {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}
        view = student_files(files, folder=root.name)
        tree |= {f"{root.name}/{path}": data for path, data in view.files.items()}
        excluded |= {f"{root.name}/{path}": data for path, data in view.excluded.items()}
    assert find_leaks(tree, excluded) == []
    # ...and the guard is not vacuous: shipping the excluded files would be caught, every one.
    leaked = {path for path, data in excluded.items() if data.strip()}
    assert {leak.path for leak in find_leaks(excluded, excluded)} == leaked


def test_leak_error_lists_every_file_and_survives_pickling():
    leaks = [Leak("a/x.py", "identical to the excluded a/solution.py"), Leak("b/README.md", "marker on line 3")]
    error = LeakError(leaks)
    assert "2 file(s)" in str(error)
    assert "  - a/x.py: identical to the excluded a/solution.py" in str(error)
    assert "  - b/README.md: marker on line 3" in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.leaks == error.leaks
    assert str(copy) == str(error)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_a_solution_saved_in_another_encoding_is_caught(codec):
    [leak] = find_leaks({"week1/caesar/copy.py": SOLUTION.decode().encode(codec)}, EXCLUDED)
    assert leak.path == "week1/caesar/copy.py" and "week1/caesar/caesar.py" in leak.reason


def test_a_marker_left_in_a_utf16_file_is_caught():
    readme = "# Caesar\n<!-- BEGIN SOLUTION -->\nshift\n".encode("utf-16")
    assert find_leaks({"week1/caesar/README.md": readme}, EXCLUDED) == [
        Leak("week1/caesar/README.md", "a solution or hidden-test marker is left on line(s) 2")
    ]


def test_a_secret_holding_only_a_byte_order_mark_equals_no_starter():
    assert find_leaks({"week1/caesar/caesar.py": b""}, {"week1/caesar/empty.py": b"\xff\xfe"}) == []


@pytest.mark.parametrize(
    "data",
    [b"a  \nb\t\t\nc", b"  \n\t\n", b"x \r\ny \rz  ", b"\xef\xbb\xbfkeep \xe2\x80\x83 \n", b"end   ", b"", b"\n\n  \n"],
)
def test_the_guard_normalises_as_removing_trailing_blanks_line_by_line(data):
    as_text = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    expected = re.sub(rb"[ \t]+$", b"", as_text, flags=re.MULTILINE).rstrip()
    assert text_digest(data) == file_sha256(expected)
