"""The library source sensor, the sync job and the roll-forward job on a real Dagster instance, against
real git repositories."""

from pathlib import Path

import dagster as dg
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.library_sources import add_source, list_sources
from exlib_assets.core.library_sources.remote import mirror_folder
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.library.source_sensor import library_source_changes
from exlib_assets.defs.library.source_sync import sync_library_source_job
from exlib_assets.defs.rollforward.jobs import roll_course_forward
from exlib_assets_tests.source_repository import SourceRepository


@pytest.fixture
def source(tmp_path: Path) -> SourceRepository:
    repository = SourceRepository(tmp_path / "sources")
    repository.examples("caesar", version="1.0", parent=repository.work / "week1")
    repository.push("first example")
    return repository


def tick(instance, resources):
    with dg.build_sensor_context(instance=instance, resources=resources) as context:
        return library_source_changes(context)


def run_sync(instance, resources, run_config: dict):
    return (
        dg.Definitions(jobs=[sync_library_source_job], resources=resources)
        .get_job_def(sync_library_source_job.name)
        .execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
    )


def test_sensor_requests_a_sync_only_when_the_head_moved(app, instance, resources, source) -> None:
    add_source(app, "algos", str(source.bare))

    [request] = tick(instance, resources)

    assert request.run_key == f"algos@{source.head()}"
    assert request.run_config == {"ops": {"sync_library_source": {"config": {"source": "algos"}}}}
    assert not mirror_folder(app, "algos").exists()  # asked with ls-remote, nothing fetched

    result = run_sync(instance, resources, request.run_config)
    assert result.success
    assert list_sources(app)[0]["synced_commit"] == source.head()
    assert isinstance(tick(instance, resources), dg.SkipReason)

    source.examples("caesar", version="1.1", parent=source.work / "week1", files={"solution.py": "# 1.1\n"})
    head = source.push("caesar 1.1")
    [moved] = tick(instance, resources)
    assert moved.run_key == f"algos@{head}"


def test_an_unreachable_source_does_not_hide_the_others(app, instance, resources, source, tmp_path) -> None:
    add_source(app, "algos", str(source.bare))
    gone = SourceRepository(tmp_path / "gone", name="gone")
    add_source(app, "gone", str(gone.bare))  # never pushed: no branch to read

    requests = tick(instance, resources)

    assert [request.tags["exlib/source"] for request in requests] == ["algos"]


def test_sync_run_fails_naming_a_refused_folder(app, instance, resources, source) -> None:
    add_source(app, "algos", str(source.bare))
    config = {"ops": {"sync_library_source": {"config": {"source": "algos"}}}}
    assert run_sync(instance, resources, config).success
    source.write("week1/caesar/solution.py", "# same version, other content\n")
    source.push()

    result = run_sync(instance, resources, config)

    assert not result.success
    failure = next(event for event in result.all_events if event.event_type_value == "STEP_FAILURE")
    assert "week1/caesar" in failure.event_specific_data.error.message
    assert "files that differ: solution.py" in failure.event_specific_data.error.message


def test_synced_version_shows_its_commit_in_the_example_versions_metadata(app, instance, resources, source) -> None:
    add_source(app, "algos", str(source.bare))
    assert run_sync(instance, resources, {"ops": {"sync_library_source": {"config": {"source": "algos"}}}}).success
    instance.add_dynamic_partitions(example_version_partitions.name, ["test.caesar@1.0"])

    result = dg.materialize([example_versions], partition_key="test.caesar@1.0", instance=instance, resources=resources)

    metadata = result.asset_materializations_for_node("example_versions")[0].metadata
    assert metadata["source"].value == "algos"
    assert metadata["source_commit"].value == source.head()


def test_roll_forward_job_with_typed_config_creates_the_next_semester(app, instance, resources, source) -> None:
    add_source(app, "algos", str(source.bare))
    assert run_sync(instance, resources, {"ops": {"sync_library_source": {"config": {"source": "algos"}}}}).success
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1_2025")
        courses.assign(session, library, courses.add_content(session, course, "week1.caesar"), "test.caesar")
    assert deploy_course(app, DeployRequest.deploy("prog1_2025")).ok
    config = {"source": "prog1_2025", "course": "prog1_2026", "versions": "latest"}

    result = (
        dg.Definitions(jobs=[roll_course_forward], resources=resources)
        .get_job_def(roll_course_forward.name)
        .execute_in_process(
            run_config={"ops": {"roll_forward_course": {"config": config}}}, instance=instance, raise_on_error=False
        )
    )

    assert result.success
    with app.db.session() as session:
        rolled = courses.require_course(session, "prog1_2026")
        assert rolled.rolled_from.slug == "prog1_2025"
        assert [(c.path, c.deployment.example_version.tag) for c in rolled.contents if c.deployment] == [
            ("week1.caesar", "1.0")
        ]
