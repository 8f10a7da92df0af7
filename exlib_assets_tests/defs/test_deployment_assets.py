"""course_content_deployments, its check, the course jobs and the partition sensor, in real
Dagster runs on a real instance, deploying into real git repositories."""

import dagster as dg
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import Deployment
from exlib_assets.core.history import course_history
from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.deployments.checks import database_matches_repository
from exlib_assets.defs.deployments.jobs import assign_example, deploy_course_contents, preview_deployment
from exlib_assets.defs.deployments.partitions import course_content_partitions
from exlib_assets.defs.deployments.sensors import course_content_partitions_sync
from exlib_assets_tests.repositories import commit_count, git

KEYS = ["prog1/week1.base", "prog1/week2.top", "prog1/week3.alone"]


@pytest.fixture
def course(app, make_example):
    """Course prog1: base at week1.base, top (needs base) at week2.top, alone at week3.alone."""
    app.library.import_paths([make_example("base"), make_example("alone")])
    app.library.import_paths([make_example("top", dependencies=["test.base"])])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, "prog1")
        for path, identifier in (("week1.base", "test.base"), ("week2.top", "test.top"), ("week3.alone", "test.alone")):
            courses.assign(session, library, courses.add_content(session, prog1, path), identifier)
    return "prog1"


def commits(app) -> list[str]:
    bare = app.git_host.push_url("prog1-assignments")
    return git("rev-list", "main", cwd=bare).split() if commit_count(bare) else []


def materialized(instance) -> set[str]:
    return set(instance.get_materialized_partitions(course_content_deployments.key))


def materializations(result) -> dict[str, dict]:
    return {
        event.materialization.partition: event.materialization.metadata
        for event in result.get_asset_materialization_events()
        if event.asset_key == course_content_deployments.key
    }


def materialize_range(instance, resources, start, end, **kwargs):
    return dg.materialize(
        [course_content_deployments],
        instance=instance,
        resources=resources,
        tags={"dagster/asset_partition_range_start": start, "dagster/asset_partition_range_end": end},
        **kwargs,
    )


def run_job(job, instance, resources, config, **kwargs):
    return (
        dg.Definitions(jobs=[job], resources=resources)
        .get_job_def(job.name)
        .execute_in_process(
            run_config={"ops": {next(iter(job.graph.node_dict)): {"config": config}}}, instance=instance, **kwargs
        )
    )


def test_many_partitions_are_one_run_and_one_commit_with_lineage(app, course, instance, resources):
    instance.add_dynamic_partitions(course_content_partitions.name, KEYS)

    result = materialize_range(instance, resources, KEYS[0], KEYS[-1])

    assert result.success
    assert len(commits(app)) == 1
    metadata = materializations(result)
    assert set(metadata) == set(KEYS) == materialized(instance)
    top = metadata["prog1/week2.top"]
    assert top["example_versions_partition"].value == "test.top@1.0"
    assert top["digest"].value == app.library.show("test.top")["digest"]
    assert top["commit"].value == commits(app)[0]
    assert top["outcome"].value == "deployed"
    assert top["dependencies"].value == {"test.base": "week1/base (1.0)"}
    # The run's table once, on the last materialization (the asset's latest), not on every one.
    assert "run_outcomes" not in top
    assert "| `week3.alone` | `test.alone@1.0` | deployed |" in metadata["prog1/week3.alone"]["run_outcomes"].value
    logs = [e.message for e in instance.all_logs(result.run_id) if e.user_message.startswith("[")]
    assert any("[2/3] prog1/week2.top: deployed test.top@1.0" in message for message in logs)
    with app.db.session() as session:
        assert {row.status for row in session.query(Deployment)} == {"deployed"}

    again = materialize_range(instance, resources, KEYS[0], KEYS[-1])
    assert {m["outcome"].value for m in materializations(again).values()} == {"unchanged"}
    assert len(commits(app)) == 1


def test_a_failing_path_fails_only_its_partition(app, course, instance, resources):
    with app.db.session() as session:
        prog1 = courses.require_course(session, course)
        # week1.base unassigned before it was ever deployed: top's dependency is now missing.
        session.delete(courses.require_content(session, prog1, "week1.base").assignment)
    keys = KEYS[1:]
    instance.add_dynamic_partitions(course_content_partitions.name, keys)

    result = materialize_range(instance, resources, keys[0], keys[-1], raise_on_error=False)

    assert not result.success
    assert materialized(instance) == {"prog1/week3.alone"}
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    message = failure.step_failure_data.user_failure_data.description
    assert "1 path(s) were not deployed" in message and "prog1/week2.top: failed" in message
    assert len(commits(app)) == 1


def test_assign_job_records_the_wish_and_adds_the_partition(app, course, instance, resources):
    result = run_job(
        assign_example,
        instance,
        resources,
        {"course": "prog1", "path": "week4.extra.more", "example": "test.alone", "version": "^1.0", "title": "More"},
    )

    assert result.success
    assert "prog1/week4.extra.more" in instance.get_dynamic_partitions(course_content_partitions.name)
    with app.db.session() as session:
        content = courses.require_content(session, courses.require_course(session, "prog1"), "week4.extra.more")
        assert (content.title, content.assignment.version_constraint) == ("More", "^1.0")


def test_assign_job_with_an_unknown_example_fails_and_writes_nothing(app, course, instance, resources):
    result = run_job(
        assign_example,
        instance,
        resources,
        {"course": "prog1", "path": "week5.nothing", "example": "test.nope"},
        raise_on_error=False,
    )

    assert not result.success
    with app.db.session() as session:
        assert courses.find_content(session, courses.require_course(session, "prog1"), "week5") is None
    assert "prog1/week5.nothing" not in instance.get_dynamic_partitions(course_content_partitions.name)


def test_preview_job_shows_changes_and_writes_nothing(app, course, instance, resources):
    result = run_job(preview_deployment, instance, resources, {"course": "prog1"})

    assert result.success
    output = next(e for e in result.all_events if e.event_type_value == "STEP_OUTPUT")
    metadata = output.step_output_data.metadata
    assert metadata["would_change"].value == 3 and metadata["conflicts"].value == 0
    assert "| `week2.top` | `test.top@1.0` | deployed | +" in metadata["preview"].value
    assert commits(app) == [] and materialized(instance) == set()


def test_deploy_job_deploys_a_course_with_dependencies_alongside(app, course, instance, resources):
    with app.db.session() as session:
        prog1 = courses.require_course(session, course)
        session.delete(courses.require_content(session, prog1, "week1.base").assignment)

    result = run_job(
        deploy_course_contents,
        instance,
        resources,
        {"course": "prog1", "paths": ["week2.top"], "with_dependencies": True, "requested_by": "lecturer"},
    )

    assert result.success
    assert set(materializations(result)) == {"prog1/week2.base", "prog1/week2.top"}
    assert "prog1/week2.base" in instance.get_dynamic_partitions(course_content_partitions.name)
    assert len(commits(app)) == 1


def test_sensor_adds_partitions_for_contents_assigned_elsewhere(app, course, instance, resources):
    with dg.build_sensor_context(instance=instance, resources=resources) as context:
        result = course_content_partitions_sync(context)

    [request] = result.dynamic_partitions_requests
    assert list(request.partition_keys) == KEYS
    instance.add_dynamic_partitions(course_content_partitions.name, list(request.partition_keys))
    with dg.build_sensor_context(instance=instance, resources=resources) as context:
        assert isinstance(course_content_partitions_sync(context), dg.SkipReason)


def test_consistency_check_fails_naming_the_difference(app, course, instance, resources):
    instance.add_dynamic_partitions(course_content_partitions.name, KEYS)
    materialize_range(instance, resources, KEYS[0], KEYS[-1])

    def check():
        result = dg.materialize(
            [course_content_deployments, database_matches_repository],
            instance=instance,
            resources=resources,
            selection=dg.AssetSelection.checks(database_matches_repository),
        )
        [evaluation] = result.get_asset_check_evaluations()
        return evaluation

    assert check().passed
    with app.db.session() as session:
        row = session.query(Deployment).join(Deployment.content).filter_by(path="week3.alone").one()
        row.digest = "0" * 64

    failed = check()
    assert not failed.passed
    assert "week3.alone" in failed.description and failed.metadata["differences"].value == 1


def test_a_run_started_without_a_user_is_named_in_the_history_by_its_run_id(app, course, instance, resources):
    instance.add_dynamic_partitions(course_content_partitions.name, ["prog1/week3.alone"])

    result = dg.materialize(
        [course_content_deployments], partition_key="prog1/week3.alone", instance=instance, resources=resources
    )

    with app.db.session() as session:
        [entry] = course_history(session, "prog1", events=["deployed"])
    # The run in the UI is where to look: who launched it is in its tags there.
    assert entry.actor == f"dagster run {result.run_id}" and entry.path == "week3.alone"
