"""The contribution jobs on a real Dagster instance: a lecturer proposes, an admin accepts, from the Launchpad."""

import dagster as dg

from exlib_assets.core.updates.status import status_of_contents
from exlib_assets.defs.contributions import defs as contribution_defs
from exlib_assets_tests.core.contributions.conftest import NOTES, create_courses, edit_notes


def run(job_name: str, op: str, config: dict, instance, resources):
    job = dg.Definitions.merge(contribution_defs, dg.Definitions(resources=resources)).get_job_def(job_name)
    return job.execute_in_process(run_config={"ops": {op: {"config": config}}}, instance=instance, raise_on_error=False)


def test_contribute_then_accept_from_the_launchpad(app, instance, resources, make_example, tmp_path) -> None:
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
    create_courses(app, "prog1")
    edit_notes(app, "prog1", tmp_path, 2, "line 2, better")

    proposed = run(
        "contribute_to_library",
        "propose_contribution",
        {"course": "prog1", "path": "week1.caesar", "requested_by": "alice"},
        instance,
        resources,
    )
    assert proposed.success
    [output] = [e for e in proposed.all_events if e.event_type_value == "STEP_OUTPUT"]
    assert output.event_specific_data.metadata["contribution"].value == "test.caesar@1.1-contrib.1"

    accepted = run(
        "accept_contribution",
        "publish_contribution",
        {"contribution": "test.caesar@1.1-contrib.1", "requested_by": "admin"},
        instance,
        resources,
    )
    assert accepted.success
    [mine] = status_of_contents(app, "prog1").contents
    assert (mine.deployed, mine.customized) == ("1.1", [])


def test_a_bad_contribution_fails_the_run_naming_it(app, instance, resources, make_example) -> None:
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
    create_courses(app, "prog1")

    result = run(
        "contribute_to_library",
        "propose_contribution",
        {"course": "prog1", "path": "week1.caesar"},
        instance,
        resources,
    )

    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "nothing is customized" in failure.event_specific_data.error.cause.message
    assert app.library.show("test.caesar")["versions"] == ["1.0"]
