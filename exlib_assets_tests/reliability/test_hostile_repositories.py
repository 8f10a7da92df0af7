"""A symlink pushed at every path exlib writes, then the command that writes there, as typed:
refused naming the link, the paths worked on `failed` with that reason (none left `deploying`),
nothing outside the working copy changed, and no repository got a commit or a branch."""

import pytest
import sqlalchemy as sa

from exlib_assets.core.db.models import CourseContent, Deployment
from exlib_assets_tests.conftest import BACKENDS
from exlib_assets_tests.reliability.hostile_repositories import CASES, LEFT_OUT, REFUSED, PlantedLink, plant
from exlib_assets_tests.reliability.snapshots import DEPLOYMENT_RECORD_TABLES, take_snapshot


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_planted_symlink_is_refused_and_nothing_outside_changes(case: PlantedLink, backend, scene):
    plant(case, scene)
    before = take_snapshot(scene.app, watch=[scene.outside])

    result = scene.cli(*case.command)

    after = take_snapshot(scene.app, watch=[scene.outside])
    print(result.output)  # what the user read; pytest -rP shows it
    refused = result.exit_code != 0
    assert refused == (case.answer == REFUSED), f"{case.name}: exit code {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output and "Stack Trace" not in result.output
    missing = [fragment for fragment in case.expected if fragment not in result.output]
    assert not missing, f"the output lacks {missing}:\n{result.output}"
    # Nothing outside changed, no ref of any repository moved, nothing else in the database:
    # only the paths worked on may record that they failed, and a folder left out of an adoption
    # becomes a content without an assignment (traditional content, as adopt does for any folder).
    allowed = (DEPLOYMENT_RECORD_TABLES if case.failed_paths else ()) + (
        ("course_contents",) if case.answer == LEFT_OUT else ()
    )
    assert after.differences(before, allowed_tables=allowed) == []
    rows = deployment_rows(scene)
    assert "deploying" not in {status for status, _ in rows.values()}, rows
    for path in case.failed_paths:
        status, reason = rows[path]
        assert status == "failed" and case.expected[0] in reason, (path, status, reason)


def deployment_rows(scene) -> dict[str, tuple[str, str | None]]:
    """Each content's deployment status and reason, by content path."""
    query = sa.select(CourseContent.path, Deployment.status, Deployment.status_reason).join(
        Deployment, Deployment.content_id == CourseContent.id
    )
    with scene.app.db.session() as session:
        return {str(path): (status, reason) for path, status, reason in session.execute(query)}
