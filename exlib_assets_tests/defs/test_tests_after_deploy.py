"""Tests re-run in the assignments repository after a deploy run, for a course that asks for it."""

import shutil

import dagster as dg
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.sample import SAMPLE_EXAMPLES
from exlib_assets.core.verification.after_deploy import rerun_deployed_tests
from exlib_assets.defs.deployments.jobs import deploy_course_contents
from exlib_assets_tests.defs.test_deployment_assets import run_job
from exlib_assets_tests.repositories import push_change


@pytest.fixture
def course(app):
    """Course prog1: caesar at week2.caesar, needing strings_util (deployed next to it), tests after deploy on."""
    report = app.library.import_paths([SAMPLE_EXAMPLES / "py_strings_util", SAMPLE_EXAMPLES / "py_caesar"])
    assert report.ok, report.failed
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, "prog1")
        prog1.tests_after_deploy = True
        courses.assign(session, library, courses.add_content(session, prog1, "week2.caesar"), "itpcp.pgph.py.caesar")
    return "prog1"


def deploy(instance, resources, **config):
    return run_job(
        deploy_course_contents,
        instance,
        resources,
        {"course": "prog1", "requested_by": "lecturer", **config},
        raise_on_error=False,
    )


def test_a_deploy_runs_the_tests_where_they_were_deployed(app, course, instance, resources):
    result = deploy(instance, resources, with_dependencies=True)
    assert result.success
    logs = [entry.user_message for entry in instance.all_logs(result.run_id)]
    assert any("prog1/week2.caesar (itpcp.pgph.py.caesar@1.0): tests pass in the repository" in m for m in logs)
    assert any("prog1/week2.strings_util" in m and "tests pass" in m for m in logs)


def test_a_dependency_missing_from_where_the_tracking_file_says_fails_the_run(
    app, course, instance, resources, tmp_path
):
    assert deploy(instance, resources, with_dependencies=True).success
    # Someone removes the dependency's folder from the repository by hand.
    url = app.git_host.push_url("prog1-assignments")
    push_change(url, tmp_path, lambda repo: shutil.rmtree(repo / "week2" / "strings_util"))

    results = {r.path: r for r in rerun_deployed_tests(app, course)}
    assert results["week2.caesar"].passed is False
    assert "No module named 'strings_util'" in results["week2.caesar"].output
    assert "no deployed dependency at week2/strings_util" in results["week2.caesar"].reason

    failed = deploy(instance, resources, paths=["week2.caesar"])
    assert not failed.success
    failure = next(e for e in failed.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE)
    assert "the tests fail in the assignments repository for week2.caesar" in failure.step_failure_data.error.message
