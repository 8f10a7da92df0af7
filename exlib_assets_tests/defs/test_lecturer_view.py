"""The lecturer's view of a course in real Dagster runs on a real instance, against real
repositories: the sensor notices a change wherever it came from and requests the refresh; the run
shows the content tree with its marks, warns through the checks and writes each content's page
(with the diff of the update on offer) as an observation on the content's partition."""

from pathlib import Path

import dagster as dg
import pytest

from exlib_assets.core import courses
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.templates.builder import build_template
from exlib_assets.core.updates.flags import refresh_update_flags
from exlib_assets.core.updates.scan import scan_course
from exlib_assets.defs.lecturer_view.assets import course_overview
from exlib_assets.defs.lecturer_view.sensors import course_overview_refresh
from exlib_assets_tests.lesson_course import LESSON, deploy_lesson_course
from exlib_assets_tests.repositories import push_change

KEY = "prog1/week1.lesson"


@pytest.fixture
def course(app, make_example):
    return deploy_lesson_course(app, make_example)


def tick(instance, resources, cursor: str | None = None):
    with dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor) as context:
        return course_overview_refresh(context)


def refresh(instance, resources, cursor: str | None = None) -> tuple[dg.ExecuteInProcessResult, str]:
    """One tick of the sensor and the run it requests; the run's result and the sensor's new cursor."""
    result = tick(instance, resources, cursor)
    assert isinstance(result, dg.SensorResult), result
    [request] = result.run_requests
    for add in result.dynamic_partitions_requests:
        instance.add_dynamic_partitions(add.partitions_def_name, list(add.partition_keys))
    run = dg.materialize([course_overview], partition_key=request.partition_key, instance=instance, resources=resources)
    assert run.success
    return run, result.cursor


def edit_notes(app, tmp_path, text: str) -> None:
    remote = app.git_host.push_url("prog1-assignments")
    push_change(remote, tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_text(text))
    scan_course(app, "prog1")


def page(run) -> dict:
    [observation] = [o for o in run.asset_observations_for_node("course_overview") if o.partition == KEY]
    return {name: value.value for name, value in observation.metadata.items()}


def checks(run) -> dict[str, bool]:
    return {check.check_name: check.passed for check in run.get_asset_check_evaluations()}


def test_a_new_version_and_an_edit_show_in_the_tree_the_checks_and_the_page(
    app, course, release, instance, resources, tmp_path
):
    run, cursor = refresh(instance, resources)
    tree = run.asset_materializations_for_node("course_overview")[0].metadata["content_tree"].value
    assert "`week1.lesson` test.lesson — deployed: 1.0" in tree and "update available:" not in tree
    assert all(checks(run).values())
    assert isinstance(tick(instance, resources, cursor), dg.SkipReason)  # nothing changed, nothing asked

    edit_notes(app, tmp_path, LESSON + "my own line\n")
    release("1.1", LESSON.replace("line 1", "line one"))
    with app.db.session() as session:
        refresh_update_flags(session)
    run, cursor = refresh(instance, resources, cursor)

    tree = run.asset_materializations_for_node("course_overview")[0].metadata["content_tree"].value
    assert "update available: 1.0 -> 1.1" in tree and "customized: ~notes.txt" in tree
    result = checks(run)
    assert result["no_update_waiting"] is False and result["no_local_edits"] is False
    assert result["no_failed_content"] is True
    assert {c.severity for c in run.get_asset_check_evaluations()} == {dg.AssetCheckSeverity.WARN}
    shown = page(run)
    assert (shown["example"], shown["version"], shown["update_available"]) == ("test.lesson", "1.0", "1.1")
    assert shown["customized_files"] == ["~notes.txt"]
    # The diff as `exlib diff` prints it: per file both sides, then both patches.
    assert "| `notes.txt` | changed | changed | merge |" in shown["diff"]
    assert "-line 1\n+line one" in shown["diff"] and "+my own line" in shown["diff"]


def test_a_failure_names_its_reason_on_the_page_and_in_the_check(app, course, instance, resources, tmp_path):
    _, cursor = refresh(instance, resources)
    remote = app.git_host.push_url("prog1-assignments")
    push_change(remote, tmp_path, lambda repo: (repo / "week1/lesson/.example-library").write_text("not json"))
    with app.db.session() as session:
        courses.require_course(session, "prog1")
    deploy_course(app, DeployRequest.deploy("prog1", overwrite=True))

    run, _ = refresh(instance, resources, cursor)

    shown = page(run)
    assert shown["status"] == "failed" and ".example-library" in shown["last_failure"]
    [failed] = [c for c in run.get_asset_check_evaluations() if c.check_name == "no_failed_content"]
    assert not failed.passed and "week1.lesson" in failed.description


def test_a_content_held_back_from_the_template_shows_in_the_view(app, course, instance, resources, tmp_path):
    def copy_the_solution(clone: Path) -> None:
        (clone / "week1/notes").mkdir()
        (clone / "week1/notes/answer.py").write_bytes((clone / "week1/lesson/solution.py").read_bytes())
        (clone / "week1/notes/.studentfiles").write_text("answer.py\n")

    _, cursor = refresh(instance, resources)
    push_change(app.git_host.push_url("prog1-assignments"), tmp_path, copy_the_solution)
    with app.db.session() as session:
        courses.add_content(session, courses.require_course(session, "prog1"), "week1.notes")
    build_template(app, "prog1", actor="test")

    run, _ = refresh(instance, resources, cursor)

    tree = run.asset_materializations_for_node("course_overview")[0].metadata["content_tree"].value
    assert "`week1.notes`" in tree and "held back: " in tree and "solution.py" in tree
    assert checks(run)["nothing_held_back"] is False


def test_the_sensor_sees_a_change_made_in_the_repository(app, course, instance, resources, tmp_path):
    _, cursor = refresh(instance, resources)

    edit_notes(app, tmp_path, LESSON + "edited on the server\n")

    run, _ = refresh(instance, resources, cursor)
    assert page(run)["customized_files"] == ["~notes.txt"]
