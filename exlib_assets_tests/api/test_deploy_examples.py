"""POST deploy-examples and GET deployment-status: real runs of deploy_course_contents behind HTTP."""

import pytest

from exlib_assets_tests.api.server import wait_for_run
from exlib_assets_tests.api.state import (
    assignments,
    assignments_repository,
    dagster_runs,
    deployments,
    repository_files,
)
from exlib_assets_tests.repositories import push_change

CAESAR = {
    "course_content": "week1.caesar",
    "example": "test.caesar",
    "example_version": "1.0",
    "target_path": "week1.caesar",
}
SHOUT = {"example": "test.shout", "target_path": "week2.shout"}


def deploy(client, course: str, *items: dict, **options):
    return client.post(f"/api/v1/courses/{course}/deploy-examples", json={"deployments": list(items), **options})


def test_a_deploy_request_is_a_dagster_run_that_lands_in_the_repository(start_api, library_courses, app, settings):
    lecturer = start_api().client(library_courses.lecturer)

    started = deploy(lecturer, "prog1", CAESAR, SHOUT)

    assert started.status_code == 202, started.text
    body = started.json()
    assert body["status"] == "queued" and body["deployments_requested"] == 2
    assert body["job"] == "deploy_course_contents"
    assert body["status_url"] == f"/api/v1/courses/prog1/deployment-status/{body['run_id']}"
    first = lecturer.get(body["status_url"]).json()
    assert first["status"] in ("queued", "running", "completed") and first["progress"]["total"] == 2

    finished = wait_for_run(lecturer, "prog1", body["run_id"])

    assert finished["status"] == "completed" and finished["error"] is None
    assert finished["progress"]["completed"] == finished["progress"]["total"] == 2
    assert finished["progress"]["current"].startswith("week2.shout: deployed test.shout@1.0")
    assert [(r["course_content"], r["example"], r["example_version"], r["status"]) for r in finished["results"]] == [
        ("week1.caesar", "test.caesar", "1.0", "deployed"),
        ("week2.shout", "test.shout", "1.0", "deployed"),
    ]
    files = repository_files(app, "prog1")
    assert {"week1/caesar/solution.py", "week1/caesar/.example-library", "week2/shout/meta.yaml"} <= set(files)
    assert deployments(app, "prog1") == {"week1.caesar": ("deployed", "1.0"), "week2.shout": ("deployed", "1.0")}
    assert assignments(app, "prog1") == {"week1.caesar": "test.caesar@1.0", "week2.shout": "test.shout@latest"}
    [run] = dagster_runs(settings)
    assert run.run_id == body["run_id"] and run.job_name == "deploy_course_contents" and run.is_success
    assert run.tags["user"] == "lecturer1" and run.tags["exlib/course"] == "prog1"
    assert run.run_config["ops"]["deploy_contents"]["config"]["paths"] == ["week1.caesar", "week2.shout"]
    assert library_courses.lecturer not in str(run.tags) + str(run.run_config)


def test_a_run_started_before_a_restart_is_reported_from_the_database(start_api, library_courses):
    first = start_api()
    run_id = deploy(first.client(library_courses.admin), "prog1", CAESAR).json()["run_id"]
    wait_for_run(first.client(library_courses.admin), "prog1", run_id)
    first.stop()

    admin = start_api().client(library_courses.admin)
    status = admin.get(f"/api/v1/courses/prog1/deployment-status/{run_id}")

    assert status.status_code == 200
    body = status.json()
    assert body["status"] == "completed" and body["progress"] == {"completed": 1, "total": 1, "current": None}
    assert [(r["course_content"], r["status"], r["example_version"]) for r in body["results"]] == [
        ("week1.caesar", "deployed", "1.0")
    ]
    # A run is found only under its own course.
    elsewhere = admin.get(f"/api/v1/courses/prog2/deployment-status/{run_id}")
    assert elsewhere.status_code == 404 and "course 'prog2' has no deployment run" in elsewhere.json()["detail"]
    assert admin.get("/api/v1/courses/prog1/deployment-status/not-a-run").status_code == 404


BAD_REQUESTS = [
    pytest.param(
        [CAESAR, {"example": "test.nope", "target_path": "week1.nope"}],
        404,
        "example 'test.nope' is not in library",
        id="unknown-example",
    ),
    pytest.param(
        [CAESAR, {"example": "test.shout", "example_version": "7.0", "target_path": "week1.shout"}],
        404,
        "No version of example 'test.shout' matches '7.0'; available versions: 1.0",
        id="unknown-version",
    ),
    pytest.param(
        [CAESAR, {"example": "test.shout", "example_version": ">=1,", "target_path": "week1.shout"}],
        422,
        "'>=1,' is not a valid version constraint",
        id="bad-constraint",
    ),
    pytest.param(
        [CAESAR, {"example": "test.shout", "target_path": "Week-1.Shout"}],
        422,
        "content path 'Week-1.Shout' is not valid (label 'Week-1' is not allowed)",
        id="bad-ltree-path",
    ),
    pytest.param(
        [CAESAR, {"example": "test.shout", "target_path": "week1.shout", "course_content": "week1.other"}],
        422,
        "course_content 'week1.other' and target_path 'week1.shout' differ",
        id="content-and-path-differ",
    ),
    pytest.param(
        [CAESAR, {"example": "test.shout", "target_path": "week1.caesar"}],
        422,
        "repeated: week1.caesar",
        id="same-path-twice",
    ),
    pytest.param(
        [CAESAR, {"example": "test.needs_helper", "target_path": "week3.needs_helper"}],
        409,
        "needs test.helper@latest, which is assigned nowhere in course prog1",
        id="missing-dependency",
    ),
    pytest.param([], 422, "deployments: List should have at least 1 item", id="no-deployments"),
    pytest.param([{**CAESAR, "colour": "red"}], 422, "colour: Extra inputs are not permitted", id="unknown-field"),
]


@pytest.mark.parametrize("backend", ["embedded"], indirect=True)
@pytest.mark.parametrize(("items", "status", "said"), BAD_REQUESTS)
def test_a_bad_request_gets_a_4xx_saying_why_and_writes_nothing(
    start_api, library_courses, app, settings, items, status, said
):
    lecturer = start_api().client(library_courses.lecturer)

    response = deploy(lecturer, "prog1", *items)

    assert response.status_code == status, response.text
    assert said in response.json()["detail"]
    assert assignments(app, "prog1") == {}
    assert deployments(app, "prog1") == {}
    assert repository_files(app, "prog1") == []
    assert dagster_runs(settings) == []


def test_another_example_at_the_path_is_a_409_unless_overwrite(start_api, library_courses, app):
    admin = start_api().client(library_courses.admin)
    wait_for_run(admin, "prog1", deploy(admin, "prog1", CAESAR).json()["run_id"])

    refused = deploy(admin, "prog1", {"example": "test.shout", "target_path": "week1.caesar"})

    assert refused.status_code == 409
    assert refused.json()["problems"] == [
        "week1.caesar: a different example is deployed there (test.caesar@1.0); deploy with overwrite to replace it"
    ]
    assert assignments(app, "prog1") == {"week1.caesar": "test.caesar@1.0"}

    replaced = deploy(admin, "prog1", {"example": "test.shout", "target_path": "week1.caesar"}, overwrite=True)

    assert replaced.status_code == 202
    assert wait_for_run(admin, "prog1", replaced.json()["run_id"])["results"][0]["example"] == "test.shout"
    assert deployments(app, "prog1") == {"week1.caesar": ("deployed", "1.0")}
    assert "week1/caesar/.example-library" in repository_files(app, "prog1")


def test_with_dependencies_places_a_missing_dependency_alongside(start_api, library_courses, app):
    admin = start_api().client(library_courses.admin)

    started = deploy(
        admin, "prog1", {"example": "test.needs_helper", "target_path": "week3.needs_helper"}, with_dependencies=True
    )

    assert started.status_code == 202, started.text
    finished = wait_for_run(admin, "prog1", started.json()["run_id"])
    assert finished["status"] == "completed"
    assert {(r["course_content"], r["status"]) for r in finished["results"]} == {
        ("week3.helper", "deployed"),
        ("week3.needs_helper", "deployed"),
    }
    assert assignments(app, "prog1")["week3.helper"] == "test.helper@latest"


def test_a_path_the_run_cannot_deploy_fails_the_run_and_says_why(start_api, library_courses, app, tmp_path):
    def lecturers_own_folder(repo):
        (repo / "week1/caesar").mkdir(parents=True)
        (repo / "week1/caesar/notes.md").write_text("mine\n")

    # Content not from the library in the folder: only the run, reading the repository, can tell.
    push_change(assignments_repository(app, "prog1"), tmp_path, lecturers_own_folder)
    lecturer = start_api().client(library_courses.lecturer)

    finished = wait_for_run(lecturer, "prog1", deploy(lecturer, "prog1", CAESAR, SHOUT).json()["run_id"])

    assert finished["status"] == "failed"
    results = {r["course_content"]: r for r in finished["results"]}
    assert results["week2.shout"]["status"] == "deployed"
    assert results["week1.caesar"]["status"] == "conflict" and "overwrite" in results["week1.caesar"]["reason"]
    assert "1 path(s) were not deployed" in finished["error"] and "prog1/week1.caesar" in finished["error"]
    assert deployments(app, "prog1")["week2.shout"] == ("deployed", "1.0")
