"""PATCH content/{path}/example: each update strategy, as a real run, over real HTTP."""

from pathlib import Path

import pytest

from exlib_assets_tests.api.server import wait_for_run
from exlib_assets_tests.api.state import assignments, assignments_repository, dagster_runs
from exlib_assets_tests.lesson_course import LESSON, deployment
from exlib_assets_tests.repositories import git, push_change

URL = "/api/v1/courses/prog1/content/week1.lesson/example"


def notes_on(app, branch: str = "main") -> str:
    return git("show", f"{branch}:week1/lesson/notes.txt", cwd=Path(assignments_repository(app, "prog1")))


def edit_notes(app, tmp_path, text: str) -> None:
    push_change(
        assignments_repository(app, "prog1"), tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_text(text)
    )


def change(client, version: str, strategy: str) -> dict:
    response = client.patch(URL, json={"example_version": version, "update_strategy": strategy})
    assert response.status_code == 202, response.text
    return response.json()


def test_merge_keeps_the_lecturers_edit_and_takes_the_new_version(start_api, lesson_courses, app, release, tmp_path):
    edit_notes(app, tmp_path, LESSON.replace("line 2", "line 2, as I teach it"))
    release("1.1", LESSON.replace("line 7", "line 7, corrected"))
    lecturer = start_api().client(lesson_courses.lecturer)

    started = change(lecturer, "1.1", "merge")

    assert (started["job"], started["from_version"], started["example_version"]) == (
        "update_course_contents",
        "1.0",
        "1.1",
    )
    finished = wait_for_run(lecturer, "prog1", started["run_id"])
    assert finished["status"] == "completed"
    [result] = finished["results"]
    assert (result["status"], result["from_version"], result["example_version"]) == ("merged", "1.0", "1.1")
    assert notes_on(app) == LESSON.replace("line 2", "line 2, as I teach it").replace("line 7", "line 7, corrected")
    state = deployment(app)
    assert state["version"] == "1.1" and state["customized"] == ["~notes.txt"]
    # The wish is the version asked for.
    assert assignments(app, "prog1") == {"week1.lesson": "test.lesson@1.1"}


def test_overwrite_replaces_the_edit_with_the_new_version(start_api, lesson_courses, app, release, tmp_path):
    edit_notes(app, tmp_path, LESSON.replace("line 2", "line 2, as I teach it"))
    release("1.1", LESSON.replace("line 7", "line 7, corrected"))
    lecturer = start_api().client(lesson_courses.lecturer)

    finished = wait_for_run(lecturer, "prog1", change(lecturer, "1.1", "overwrite")["run_id"])

    assert finished["status"] == "completed" and finished["results"][0]["status"] == "deployed"
    assert notes_on(app) == LESSON.replace("line 7", "line 7, corrected")
    assert deployment(app)["version"] == "1.1" and deployment(app)["customized"] in (None, [])


def test_skip_dismisses_the_offered_version_and_leaves_the_repository(start_api, lesson_courses, app, release):
    release("1.1", LESSON + "line 9\n")
    lecturer = start_api().client(lesson_courses.lecturer)
    before = notes_on(app)

    started = change(lecturer, "1.1", "skip")
    finished = wait_for_run(lecturer, "prog1", started["run_id"])

    assert started["job"] == "update_course_contents"
    assert finished["status"] == "completed" and finished["results"][0]["status"] == "skipped"
    state = deployment(app)
    assert (state["version"], state["dismissed"], state["update_available"]) == ("1.0", "1.1", None)
    assert assignments(app, "prog1") == {"week1.lesson": "test.lesson@latest"}
    assert notes_on(app) == before


def test_merge_conflicts_become_a_proposal_branch(start_api, lesson_courses, app, release, tmp_path):
    edit_notes(app, tmp_path, LESSON.replace("line 4", "line 4 by the lecturer"))
    release("1.1", LESSON.replace("line 4", "line 4 by the library"))
    main_before = notes_on(app)
    lecturer = start_api().client(lesson_courses.lecturer)

    finished = wait_for_run(lecturer, "prog1", change(lecturer, "1.1", "merge")["run_id"])

    [result] = finished["results"]
    assert result["status"] == "proposed" and result["branch"] == "exlib/update/week1.lesson/1.1"
    assert result["conflicts"] == ["notes.txt (both changed the same lines)"]
    assert notes_on(app) == main_before
    assert "<<<<<<< yours" in notes_on(app, result["branch"])


@pytest.mark.parametrize("backend", ["embedded"], indirect=True)
@pytest.mark.parametrize(
    ("url", "body", "status", "said"),
    [
        (URL, {"example_version": "1.0", "update_strategy": "skip"}, 409, "is not offered test.lesson@1.0"),
        (URL, {"example_version": "9.0", "update_strategy": "merge"}, 404, "No version of example 'test.lesson'"),
        (URL, {"example_version": "1.1", "update_strategy": "rebase"}, 422, "update_strategy: Input should be"),
        (
            "/api/v1/courses/prog1/content/Week1.Lesson/example",
            {"example_version": "1.1", "update_strategy": "merge"},
            422,
            "content path 'Week1.Lesson' is not valid",
        ),
        (
            "/api/v1/courses/prog1/content/week1/example",
            {"example_version": "1.1", "update_strategy": "merge"},
            404,
            "content 'week1' of course 'prog1' has no example assigned",
        ),
        (
            "/api/v1/courses/prog1/content/week9.nothing/example",
            {"example_version": "1.1", "update_strategy": "merge"},
            404,
            "course 'prog1' has no content 'week9.nothing'",
        ),
    ],
)
def test_a_bad_version_change_gets_a_4xx_and_writes_nothing(
    start_api, lesson_courses, app, release, settings, url, body, status, said
):
    release("1.1", LESSON + "line 9\n")
    lecturer = start_api().client(lesson_courses.lecturer)

    response = lecturer.patch(url, json=body)

    assert response.status_code == status, response.text
    assert said in response.json()["detail"]
    assert assignments(app, "prog1") == {"week1.lesson": "test.lesson@latest"}
    assert deployment(app)["version"] == "1.0" and deployment(app)["dismissed"] is None
    assert dagster_runs(settings) == []
