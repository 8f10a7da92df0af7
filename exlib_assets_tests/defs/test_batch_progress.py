"""A batch run's log, as the UI shows it: a line per content as it is done, then the table of
outcomes, a failed content with its reason."""

import dagster as dg
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.defs.deployments.jobs import deploy_course_contents


@pytest.fixture
def course(app, make_example):
    """prog1: `alone` at week1.alone deploys; `top` at week2.top needs `base`, assigned nowhere: it fails."""
    app.library.import_paths([make_example("base"), make_example("alone")])
    app.library.import_paths([make_example("top", dependencies=["test.base"])])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, "prog1")
        for path, identifier in (("week1.alone", "test.alone"), ("week2.top", "test.top")):
            courses.assign(session, library, courses.add_content(session, prog1, path), identifier)
    return "prog1"


def test_the_log_shows_progress_per_content_and_ends_with_the_outcomes(course, instance, resources):
    job = dg.Definitions(jobs=[deploy_course_contents], resources=resources).get_job_def(deploy_course_contents.name)

    result = job.execute_in_process(
        run_config={"ops": {"deploy_contents": {"config": {"course": "prog1"}}}},
        instance=instance,
        raise_on_error=False,
    )

    assert not result.success
    messages = [entry.user_message for entry in instance.all_logs(result.run_id) if entry.level >= 20]
    progress = [m for m in messages if m.startswith("[")]
    assert [m.split(":")[0] for m in progress] == ["[1/2] prog1/week1.alone", "[2/2] prog1/week2.top"]
    [outcomes] = [m for m in messages if m.startswith("prog1: outcomes")]
    assert messages.index(outcomes) > messages.index(progress[-1])
    assert "| `week1.alone` | `test.alone@1.0` | deployed |" in outcomes
    failed_row = next(line for line in outcomes.splitlines() if line.startswith("| `week2.top`"))
    assert "| failed |" in failed_row and "test.base" in failed_row  # the reason names the missing dependency
