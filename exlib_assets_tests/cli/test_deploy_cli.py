"""`exlib deploy` and `exlib unassign`: runs on the same Dagster instance the UI shows."""

import json
from pathlib import Path

import dagster as dg
import pytest

from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets_tests.repositories import commit_count, push_change, tree_files


@pytest.fixture
def prog1(run, make_example):
    """Course prog1 with caesar at week1.caesar and shout at week1.shout, nothing deployed."""
    assert run("db", "upgrade").exit_code == 0
    run("library", "import", str(make_example("caesar")), str(make_example("shout")))
    run("course", "create", "prog1")
    for name in ("caesar", "shout"):
        run("course", "add-content", "prog1", f"week1.{name}")
        run("assign", "prog1", f"week1.{name}", f"test.{name}")
    return "prog1"


def instance_at(settings):
    return dg.DagsterInstance.from_config(str(settings.home / "dagster"))


def test_deploy_is_a_dagster_run_on_the_shared_instance(run, prog1, settings):
    result = run("deploy", prog1, "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # The progress bar (stderr) names each path as it is prepared.
    assert "deploying prog1" in result.stderr
    with instance_at(settings) as instance:
        run_record = instance.get_run_by_id(report["run_id"])
        assert run_record.job_name == "deploy_course_contents" and run_record.is_success
        assert run_record.run_config["ops"]["deploy_contents"]["config"]["course"] == "prog1"
        assert instance.get_materialized_partitions(course_content_deployments.key) == {
            "prog1/week1.caesar",
            "prog1/week1.shout",
        }
        messages = [e.user_message for e in instance.all_logs(report["run_id"])]
    assert any(m.startswith("[1/2] prog1/week1.caesar: deployed test.caesar@1.0") for m in messages)
    assert any(m.startswith("[2/2] prog1/week1.shout: deployed test.shout@1.0") for m in messages)


def test_dry_run_is_the_preview_job_and_changes_nothing(run, prog1, settings):
    result = run("deploy", prog1, "--dry-run", "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dry_run"] and report["commit"] is None
    assert {o["status"] for o in report["outcomes"]} == {"deployed"}
    with instance_at(settings) as instance:
        assert instance.get_run_by_id(report["run_id"]).job_name == "preview_deployment"
        assert instance.get_materialized_partitions(course_content_deployments.key) == set()
    bare = Path(settings.git_url) / "prog1-assignments.git"
    assert commit_count(str(bare)) == 0


def test_unknown_course_or_path_is_refused_before_any_run(run, prog1, settings):
    unknown_course = run("deploy", "prog9")
    unknown_path = run("deploy", prog1, "week7.nothing")

    assert unknown_course.exit_code == 1 and "course 'prog9' does not exist" in unknown_course.output
    assert unknown_path.exit_code == 1 and "has no content 'week7.nothing'" in unknown_path.output
    # Refused before Dagster was even opened: no run, no instance folder.
    assert not (settings.home / "dagster").exists()


def test_unassign_then_deploy_removes_the_folder(run, prog1, settings):
    run("deploy", prog1)

    unassigned = run("unassign", prog1, "week1.shout")
    assert unassigned.exit_code == 0 and "no longer holds test.shout" in unassigned.output
    result = run("deploy", prog1, "--json")

    report = json.loads(result.stdout)
    assert {o["path"]: o["status"] for o in report["outcomes"]} == {
        "week1.caesar": "unchanged",
        "week1.shout": "removed",
    }
    bare = Path(settings.git_url) / "prog1-assignments.git"
    tree = tree_files(str(bare))
    assert "week1/caesar/solution.py" in tree and not [f for f in tree if f.startswith("week1/shout")]
    again = run("unassign", prog1, "week1.shout")
    assert again.exit_code == 1 and "has no example assigned" in again.output


def test_a_conflict_exits_non_zero_and_names_the_path(run, prog1, settings, tmp_path, make_example):
    run("deploy", prog1, "week1.caesar")
    bare = Path(settings.git_url) / "prog1-assignments.git"
    push_change(str(bare), tmp_path, lambda clone: (clone / "week1/caesar/solution.py").write_text("# mine\n"))
    run("library", "import", str(make_example("caesar", version="1.1", parent=tmp_path / "next")))

    result = run("deploy", prog1)

    assert result.exit_code == 1
    assert "week1.caesar" in result.stdout and "conflict" in result.stdout and "local edits" in result.stdout


def test_a_run_that_fails_after_its_report_makes_deploy_exit_non_zero(run, prog1, settings, monkeypatch):
    # Every path is deployed and reported; then the run fails before recording its materializations.
    monkeypatch.setenv("EXLIB_FAILPOINT", "deploy.reported:raise")

    result = run("deploy", prog1, "--json")

    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert {o["status"] for o in report["outcomes"]} == {"deployed"}
    assert "failpoint deploy.reported" in report["run_error"] and report["run_id"] in report["run_error"]
    assert "the run failed after its report" in result.stderr
    with instance_at(settings) as instance:
        assert instance.get_run_by_id(report["run_id"]).is_failure
