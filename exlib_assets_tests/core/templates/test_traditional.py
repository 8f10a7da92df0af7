import pytest

from exlib_assets.core.templates.student_view import StudentViewError
from exlib_assets.core.templates.traditional import STUDENT_FILES, traditional_student_files

FOLDER = {
    "task.md": b"Do it\n",
    "solution.py": b"answer = 42\n",
    "starter.py": b"def f():\n    # BEGIN SOLUTION\n    return 42\n    # END SOLUTION\n",
    "data/a.csv": b"1\n",
    "data/deep/b.csv": b"2\n",
    "private/notes.txt": b"grading notes\n",
}


def test_without_studentfiles_nothing_is_shipped():
    view = traditional_student_files(FOLDER, folder="week4/project")
    assert view.files == {}
    assert view.excluded == FOLDER
    assert STUDENT_FILES in view.notes[0]


def test_studentfiles_patterns_select_files_and_markers_are_stripped():
    listing = b"# what students get\n\ntask.md\n./starter.py\ndata/**/*.csv\n"
    view = traditional_student_files(FOLDER | {STUDENT_FILES: listing}, folder="week4/project")
    assert set(view.files) == {"task.md", "starter.py", "data/a.csv", "data/deep/b.csv"}
    assert view.files["starter.py"] == b"def f():\n    pass  # TODO: your solution here\n"
    assert set(view.excluded) == {"solution.py", "private/notes.txt", STUDENT_FILES}
    assert view.notes == []


@pytest.mark.parametrize(
    ("pattern", "shipped"),
    [
        ("*.py", {"solution.py", "starter.py"}),
        ("data/", {"data/a.csv", "data/deep/b.csv"}),
        ("data/*", {"data/a.csv"}),
        ("**", set(FOLDER)),
        ("?ask.md", {"task.md"}),
    ],
)
def test_glob_patterns(pattern, shipped):
    view = traditional_student_files(FOLDER | {STUDENT_FILES: pattern.encode()}, folder="w")
    assert set(view.files) == shipped


def test_studentfiles_itself_and_library_subfolders_are_never_shipped():
    files = FOLDER | {
        STUDENT_FILES: b"**\n",
        "sub/.studentfiles": b"*\n",
        "lib/.example-library": b"{}",
        "lib/solution.py": b"secret\n",
    }
    view = traditional_student_files(files, folder="w")
    assert not {STUDENT_FILES, "sub/.studentfiles", "lib/.example-library", "lib/solution.py"} & set(view.files)


def test_a_pattern_matching_nothing_is_noted():
    view = traditional_student_files(FOLDER | {STUDENT_FILES: b"task.md\nslides.pdf\n"}, folder="w")
    assert view.notes == ["w/.studentfiles: pattern 'slides.pdf' matches no file"]


@pytest.mark.parametrize("pattern", ["../other/solution.py", "data/../../x", "/etc/passwd", "C:/x", "data\\a.csv"])
def test_patterns_escaping_the_folder_are_refused(pattern):
    listing = f"task.md\n{pattern}\n".encode()
    with pytest.raises(StudentViewError, match=r"week4/project/\.studentfiles, line 2: pattern"):
        traditional_student_files(FOLDER | {STUDENT_FILES: listing}, folder="week4/project")
