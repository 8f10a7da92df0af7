"""Releasing a course's student template (the student_templates run) and its status, over HTTP."""

from pathlib import Path

from exlib_assets.core import courses
from exlib_assets_tests.api.server import wait_for_run
from exlib_assets_tests.api.state import dagster_runs
from exlib_assets_tests.repositories import commit_count, git, push_change, tree_files


def template_repository(app) -> str:
    return app.git_host.push_url(courses.repository_names("prog1")["student_template"])


def deploy(client, *items: dict) -> None:
    started = client.post("/api/v1/courses/prog1/deploy-examples", json={"deployments": list(items)})
    assert wait_for_run(client, "prog1", started.json()["run_id"])["status"] == "completed"


def test_release_a_selection_then_see_the_template_fall_behind(start_api, library_courses, app, settings):
    lecturer = start_api().client(library_courses.lecturer)
    deploy(
        lecturer,
        {"example": "test.caesar", "target_path": "week1.caesar"},
        {"example": "test.shout", "target_path": "week2.shout"},
    )

    released = lecturer.post("/api/v1/courses/prog1/templates/release", json={"only": ["week1"]})

    assert released.status_code == 200, released.text
    body = released.json()
    report = body["report"]
    assert [c["path"] for c in report["included"]] == ["week1.caesar"]
    assert report["left_out"] == {"week2.shout": "not released"} and report["released"] == ["week1"]
    files = tree_files(template_repository(app))
    assert "week1/caesar/solution.py" in files and not any(f.startswith("week2/") for f in files)
    starter = git("show", "main:week1/caesar/solution.py", cwd=Path(template_repository(app)))
    assert starter == "# TODO\n"  # the student's starter, never the solution
    [run] = [run for run in dagster_runs(settings) if run.run_id == body["run_id"]]
    assert run.is_success and run.tags["dagster/partition"] == "prog1"

    status = lecturer.get("/api/v1/courses/prog1/templates/status").json()
    assert status["released_paths"] == ["week1"] and status["up_to_date"] is True
    assert status["template_commit"] == report["commit"] and status["source_commit"] == report["source_commit"]

    deploy(lecturer, {"example": "test.helper", "target_path": "week1.helper"})
    assert lecturer.get("/api/v1/courses/prog1/templates/status").json()["up_to_date"] is False


def test_a_dry_run_changes_nothing_and_bad_selections_are_refused(start_api, library_courses, app):
    admin = start_api().client(library_courses.admin)
    deploy(admin, {"example": "test.caesar", "target_path": "week1.caesar"})

    dry = admin.post("/api/v1/courses/prog1/templates/release", json={"release_all": True, "dry_run": True}).json()
    both = admin.post("/api/v1/courses/prog1/templates/release", json={"only": ["week1"], "release_all": True})
    bad_path = admin.post("/api/v1/courses/prog1/templates/release", json={"only": ["Week1"]})
    unknown = admin.post("/api/v1/courses/prog1/templates/release", json={"only": ["week7"]})

    assert dry["run_id"] is None and dry["report"]["dry_run"] is True and dry["report"]["commit"] is None
    assert "week1/caesar/solution.py" in dry["report"]["written"]
    assert both.status_code == 422 and "not both" in both.json()["detail"]
    assert bad_path.status_code == 422 and "content path 'Week1' is not valid" in bad_path.json()["detail"]
    assert unknown.status_code == 404 and "has no content 'week7'" in unknown.json()["detail"]
    assert commit_count(template_repository(app)) == 0
    status = admin.get("/api/v1/courses/prog1/templates/status").json()
    assert status["template_commit"] is None and status["up_to_date"] is False


def test_a_held_back_content_is_in_the_release_report(start_api, library_courses, app, tmp_path):
    lecturer = start_api().client(library_courses.lecturer)
    deploy(
        lecturer,
        {"example": "test.caesar", "target_path": "week1.caesar"},
        {"example": "test.shout", "target_path": "week2.shout"},
    )

    def unbalance(clone: Path) -> None:
        (clone / "week2/shout/studentTemplates/solution.py").write_text("# BEGIN SOLUTION\n")

    push_change(app.git_host.push_url(courses.repository_names("prog1")["assignments"]), tmp_path, unbalance)
    released = lecturer.post("/api/v1/courses/prog1/templates/release", json={"release_all": True})

    assert released.status_code == 200, released.text
    report = released.json()["report"]
    [held] = report["held_back"]
    assert held["path"] == "week2.shout" and held["kept"] == []
    assert "`BEGIN SOLUTION` is never closed" in held["reason"]
    assert [c["path"] for c in report["included"]] == ["week1.caesar"]
    assert "week1/caesar/solution.py" in tree_files(template_repository(app))
