"""`diff_content` on real repositories: the library's change and the lecturer's side by side,
with what a merge would do to each file; nothing is changed by looking."""

from pathlib import Path

import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.updates.diff import FileDiff, diff_content
from exlib_assets_tests.lesson_course import ASSIGNMENTS, LESSON
from exlib_assets_tests.repositories import git, push_change


def remote(app) -> str:
    return app.git_host.push_url(ASSIGNMENTS)


def lecturer_writes(app, tmp_path, relpath: str, text: str) -> None:
    push_change(remote(app), tmp_path, lambda repo: (repo / "week1/lesson" / relpath).write_text(text))


def by_path(files: list[FileDiff]) -> dict[str, tuple[str, str, str]]:
    return {f.path: (f.library, f.local, f.on_update) for f in files}


def test_library_change_and_lecturer_edit_of_different_files_sit_in_their_own_columns(app, course, release, tmp_path):
    lecturer_writes(app, tmp_path, "notes.txt", LESSON.replace("line 2", "line 2, as I teach it"))
    release("1.1", LESSON, solution="# better solution\n")

    report = diff_content(app, course, "week1.lesson")

    assert (report.example, report.deployed_version, report.to_version) == ("test.lesson", "1.0", "1.1")
    assert report.commit == git("rev-parse", "main", cwd=Path(remote(app))).strip()
    assert by_path(report.files) == {
        "meta.yaml": ("changed", "", "take library"),  # the version number
        "notes.txt": ("", "changed", "keep yours"),
        "solution.py": ("changed", "", "take library"),
    }
    assert "--- a/week1/lesson/solution.py (deployed 1.0)\n+++ b/week1/lesson/solution.py (library 1.1)\n" in (
        report.library_patch
    )
    assert "-# solution of lesson\n+# better solution\n" in report.library_patch
    assert "notes.txt" not in report.library_patch
    assert "+++ b/week1/lesson/notes.txt (yours)\n" in report.local_patch
    assert "-line 2\n+line 2, as I teach it\n" in report.local_patch
    assert "solution.py" not in report.local_patch and "meta.yaml" not in report.local_patch


def test_both_changing_the_same_lines_is_a_conflict(app, course, release, tmp_path):
    lecturer_writes(app, tmp_path, "notes.txt", LESSON.replace("line 4", "line 4 by the lecturer"))
    release("1.1", LESSON.replace("line 4", "line 4 by the library"))
    main_before = git("rev-parse", "main", cwd=Path(remote(app))).strip()

    report = diff_content(app, course, "week1.lesson")

    assert by_path(report.files)["notes.txt"] == ("changed", "changed", "conflict")
    assert "+line 4 by the library\n" in report.library_patch
    assert "+line 4 by the lecturer\n" in report.local_patch
    assert git("rev-parse", "main", cwd=Path(remote(app))).strip() == main_before


def test_edits_to_different_lines_of_one_file_merge(app, course, release, tmp_path):
    lecturer_writes(app, tmp_path, "notes.txt", LESSON.replace("line 2", "line 2 by the lecturer"))
    release("1.1", LESSON.replace("line 7", "line 7 by the library"))

    report = diff_content(app, course, "week1.lesson")

    assert by_path(report.files)["notes.txt"] == ("changed", "changed", "merge")


def test_without_an_update_the_library_side_is_empty_and_an_untouched_folder_shows_nothing(app, course):
    report = diff_content(app, course, "week1.lesson")

    # The deployed meta.yaml is compared with one annotated the same way: no change shows.
    assert (report.to_version, report.files) == ("1.0", [])
    assert (report.library_patch, report.local_patch) == ("", "")


def test_to_picks_the_version_to_compare_with(app, course, release):
    release("1.1", LESSON + "line 9\n")
    release("1.2", LESSON + "line 9\nline 10\n")

    report = diff_content(app, course, "week1.lesson", to_version="1.1")

    assert report.to_version == "1.1"
    assert "+line 9\n" in report.library_patch and "line 10" not in report.library_patch


def test_an_unknown_to_version_is_refused_naming_the_versions(app, course, release):
    release("1.1", LESSON + "line 9\n")

    with pytest.raises(NotFoundError, match=r"no version '7\.0'.*: 1\.0, 1\.1"):
        diff_content(app, course, "week1.lesson", to_version="7.0")
    with pytest.raises(NotFoundError, match="no version 'next'"):
        diff_content(app, course, "week1.lesson", to_version="next")


def test_a_path_with_nothing_deployed_is_refused_saying_what_to_do(app, course):
    with app.db.session() as session:
        courses.add_content(session, courses.require_course(session, course), "week2.empty")

    with pytest.raises(ExlibError, match=r"nothing is deployed at week2\.empty in course prog1.*exlib deploy prog1"):
        diff_content(app, course, "week2.empty")


def test_added_and_binary_files_of_the_lecturer(app, course, release, tmp_path):
    def change(repo: Path) -> None:
        (repo / "week1/lesson/extra.txt").write_text("my own notes")
        (repo / "week1/lesson/notes.txt").write_bytes(b"\0binary")

    push_change(remote(app), tmp_path, change)

    report = diff_content(app, course, "week1.lesson")

    assert by_path(report.files) == {
        "extra.txt": ("", "added", "keep yours"),
        "notes.txt": ("", "changed", "keep yours"),
    }
    assert (
        "Binary files a/week1/lesson/notes.txt (deployed 1.0) and b/week1/lesson/notes.txt (yours) differ\n"
        in report.local_patch
    )
    assert "+my own notes\n\\ No newline at end of file\n" in report.local_patch


def test_a_nested_deployment_is_not_part_of_its_parents_folder(app, course, make_example):
    app.library.import_paths([make_example("intro", files={"intro.txt": "welcome\n"})])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        week1 = courses.require_content(session, courses.require_course(session, course), "week1")
        courses.assign(session, library, week1, "test.intro")
    deploy_course(app, DeployRequest.deploy(course))

    report = diff_content(app, course, "week1")

    assert report.example == "test.intro"
    assert report.files == []  # lesson/ and the tracking files are not week1's own files
