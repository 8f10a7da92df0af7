"""`exlib diff`: the library's change and the lecturer's own, side by side, before an update."""

import json
from pathlib import Path

import pytest

from exlib_assets_tests.lesson_course import LESSON, deploy_lesson_course_with_the_cli
from exlib_assets_tests.repositories import commit_count, git, push_change


@pytest.fixture
def prog1(run, make_example):
    """Course prog1 with test.lesson 1.0 deployed at week1.lesson (constraint latest)."""
    return deploy_lesson_course_with_the_cli(run, make_example)


@pytest.fixture
def bare(settings) -> Path:
    return Path(settings.git_url) / "prog1-assignments.git"


def release(run, make_example, tmp_path, version: str, **files: str) -> None:
    folder = make_example("lesson", version=version, files=files, parent=tmp_path / f"release-{version}")
    assert run("library", "import", str(folder)).exit_code == 0


def lecturer_writes(bare: Path, tmp_path, relpath: str, text: str) -> None:
    push_change(str(bare), tmp_path, lambda repo: (repo / "week1/lesson" / relpath).write_text(text))


def columns(header: str, lines: list[str]) -> list[list[str]]:
    """Cut table lines into cells where the header's column names start."""
    starts = [header.index(name) for name in ("FILE", "LIBRARY", "YOURS", "ON UPDATE")]
    bounds = list(zip(starts, [*starts[1:], None], strict=True))
    return [[line[start:end].strip() for start, end in bounds] for line in lines]


def test_diff_shows_the_librarys_change_and_yours_side_by_side(run, prog1, bare, make_example, tmp_path):
    lecturer_writes(bare, tmp_path, "notes.txt", LESSON.replace("line 2", "line 2, as I teach it"))
    release(run, make_example, tmp_path, "1.1", **{"notes.txt": LESSON, "solution.py": "# better solution\n"})
    head = git("rev-parse", "main", cwd=bare).strip()

    result = run("diff", prog1, "week1.lesson")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"week1.lesson: test.lesson 1.0 -> 1.1 (main at {head[:7]})"
    assert columns(lines[1], lines[1:5]) == [
        ["FILE", "LIBRARY", "YOURS", "ON UPDATE"],
        ["meta.yaml", "changed", "", "take library"],
        ["notes.txt", "", "changed", "keep yours"],
        ["solution.py", "changed", "", "take library"],
    ]
    library, yours = result.stdout.split("Library changes (1.0 -> 1.1):\n")[1].split("Your changes since deployment:\n")
    assert "+++ b/week1/lesson/solution.py (library 1.1)\n" in library and "+# better solution\n" in library
    assert "notes.txt" not in library
    assert "+++ b/week1/lesson/notes.txt (yours)\n" in yours and "+line 2, as I teach it\n" in yours


def test_diff_without_an_update_or_edits_says_so(run, prog1):
    result = run("diff", prog1, "week1.lesson")

    assert result.exit_code == 0, result.output
    assert "Library changes (1.0 -> 1.0):\nnone: no update is on offer" in result.stdout
    assert result.stdout.endswith("Your changes since deployment:\nnone\n")


def test_diff_json_holds_the_files_table(run, prog1, bare, make_example, tmp_path):
    lecturer_writes(bare, tmp_path, "notes.txt", LESSON.replace("line 4", "line 4 by the lecturer"))
    release(run, make_example, tmp_path, "1.1", **{"notes.txt": LESSON.replace("line 4", "line 4 by the library")})

    result = run("diff", prog1, "week1.lesson", "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["deployed_version"], report["to_version"]) == ("1.0", "1.1")
    assert {"path": "notes.txt", "library": "changed", "local": "changed", "on_update": "conflict"} in report["files"]
    assert "+line 4 by the library\n" in report["library_patch"]
    assert "+line 4 by the lecturer\n" in report["local_patch"]


def test_an_unknown_to_version_fails_listing_the_versions_and_writes_nothing(
    run, prog1, bare, settings, make_example, tmp_path
):
    release(run, make_example, tmp_path, "1.1", **{"notes.txt": LESSON + "line 9\n"})
    commits = commit_count(str(bare))

    result = run("diff", prog1, "week1.lesson", "--to", "9.9")

    assert result.exit_code == 1
    assert "test.lesson has no version '9.9'" in result.stderr and "1.0, 1.1" in result.stderr
    assert result.stdout == ""
    assert commit_count(str(bare)) == commits
    # Refused before the repository was even read: no mirror was made for it.
    assert not (settings.home / "mirrors").exists()


def test_a_path_with_nothing_deployed_is_a_clear_error(run, prog1):
    run("course", "add-content", prog1, "week2.empty")

    result = run("diff", prog1, "week2.empty")

    assert result.exit_code == 1
    assert "nothing is deployed at week2.empty in course prog1" in result.stderr
    assert "exlib deploy prog1 week2.empty" in result.stderr
