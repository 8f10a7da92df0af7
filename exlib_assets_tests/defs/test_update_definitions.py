"""The update sensors and jobs in real Dagster runs on a real instance, against real repositories:
new version -> flagged (by the run the sensor requests) -> updated by the course's policy (applied
or proposed), lecturer edits noticed by the repository sensor, bulk update and rollback jobs with a
materialization per path."""

from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from exlib_assets.core import courses
from exlib_assets.core.db.models import DeploymentEvent
from exlib_assets.core.keys import course_content_key
from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.s3 import S3Connection
from exlib_assets.defs.updates.flag_job import flag_available_updates
from exlib_assets.defs.updates.jobs import rollback_course_content, update_course_contents
from exlib_assets.defs.updates.scan_job import scan_assignments_repositories
from exlib_assets.defs.updates.sensors import assignments_repository_changes, update_availability
from exlib_assets_tests.lesson_course import LESSON, deploy_lesson_course, deployment
from exlib_assets_tests.repositories import git, push_change

KEY = course_content_key("prog1", "week1.lesson")


@pytest.fixture
def course(app, make_example):
    return deploy_lesson_course(app, make_example)


def remote(app) -> str:
    return app.git_host.push_url("prog1-assignments")


def tick(sensor, instance, resources, cursor: str | None = None):
    with dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor) as context:
        return sensor(context)


class FlagSensor:
    """The update_availability sensor ticking as the daemon ticks it: each tick starts from the
    cursor the previous one left."""

    def __init__(self, instance, resources):
        self.instance, self.resources, self.cursor = instance, resources, None

    def tick(self):
        with dg.build_sensor_context(instance=self.instance, resources=self.resources, cursor=self.cursor) as context:
            outcome = update_availability(context)
        # The daemon keeps the cursor a result carries, else the one the tick set.
        self.cursor = outcome.cursor if isinstance(outcome, dg.SensorResult) else context.cursor
        return outcome

    def requests(self) -> list[dg.RunRequest]:
        """One tick: the runs it requests (none when it skips). A tick only asks: the runs record."""
        outcome = self.tick()
        if isinstance(outcome, dg.SkipReason):
            return []
        assert outcome.asset_events == [] and outcome.dynamic_partitions_requests == []
        return list(outcome.run_requests)

    def flag_run(self):
        """One tick, which must request one flag run and no update run, and that run (it must succeed)."""
        [request] = self.requests()
        assert request.job_name == flag_available_updates.name
        result = run(flag_available_updates, self.instance, self.resources, request.run_config)
        assert result.success
        return result

    def update_requests(self) -> list[dg.RunRequest]:
        """One tick after a flag run: the update runs it requests."""
        requests = self.requests()
        assert all(r.job_name == update_course_contents.name for r in requests), requests
        return requests


@pytest.fixture
def flags(instance, resources, course) -> FlagSensor:
    """The sensor after its first tick and run, which find the deployed course current."""
    sensor = FlagSensor(instance, resources)
    assert flag_observations(sensor.flag_run()) == {}
    assert isinstance(sensor.tick(), dg.SkipReason)
    return sensor


def run(job, instance, resources, run_config: dict):
    return (
        dg.Definitions(jobs=[job], resources=resources)
        .get_job_def(job.name)
        .execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
    )


def scan_by_sensor(instance, resources) -> list[dg.AssetObservation]:
    """One tick of the repository sensor and the scan run it requests: the observations the run made."""
    request = tick(assignments_repository_changes, instance, resources)
    assert isinstance(request, dg.RunRequest), request
    result = run(scan_assignments_repositories, instance, resources, request.run_config)
    assert result.success
    return list(result.asset_observations_for_node("read_repositories"))


def job_config(job, config: dict) -> dict:
    return {"ops": {next(iter(job.graph.node_dict)): {"config": config}}}


def history(app, event: str) -> int:
    with app.db.session() as session:
        return session.scalar(sa.select(sa.func.count(DeploymentEvent.id)).where(DeploymentEvent.event == event))


def set_policy(app, policy: str) -> None:
    with app.db.session() as session:
        courses.require_course(session, "prog1").update_policy = policy


def flag_observations(result) -> dict[str, str]:
    return {
        event.partition: event.metadata["update_available"].value
        for event in result.asset_observations_for_node("flag_deployments")
    }


def test_policy_off_only_flags_with_an_observation_per_partition(app, course, release, flags):
    release("1.1", LESSON + "line 9\n")

    result = flags.flag_run()

    assert flag_observations(result) == {KEY: "1.1"} and flags.update_requests() == []
    assert deployment(app)["update_available"] == "1.1"
    assert isinstance(flags.tick(), dg.SkipReason)


def test_the_sensor_tick_writes_nothing_the_run_does(app, course, release, instance, resources):
    release("1.1", LESSON + "line 9\n")

    outcome = tick(update_availability, instance, resources)

    assert [r.job_name for r in outcome.run_requests] == [flag_available_updates.name]
    assert deployment(app)["update_available"] is None
    assert history(app, "update_available") == 0
    run(flag_available_updates, instance, resources, outcome.run_requests[0].run_config)
    assert deployment(app)["update_available"] == "1.1"
    assert history(app, "update_available") == 1


def test_a_tick_asks_again_only_when_something_flags_depend_on_moved(app, course, release, flags):
    with app.db.session() as session:
        courses.require_course(session, "prog1").title = "renamed"  # flags do not depend on it
    assert isinstance(flags.tick(), dg.SkipReason)

    release("1.1", LESSON + "line 9\n")
    first = flags.tick()
    again = tick(update_availability, flags.instance, flags.resources)  # a re-evaluated tick, no cursor

    assert isinstance(first, dg.SensorResult) and isinstance(again, dg.SensorResult)
    assert first.run_requests[0].run_key == again.run_requests[0].run_key  # launched once
    assert isinstance(flags.tick(), dg.SkipReason)


def test_archiving_a_flagged_content_asks_for_a_flag_run_that_clears_it(app, course, release, flags):
    release("1.1", LESSON + "line 9\n")
    flags.flag_run()
    flags.tick()
    with app.db.session() as session:
        course_row = courses.require_course(session, "prog1")
        courses.require_content(session, course_row, "week1.lesson").archived = True

    assert flag_observations(flags.flag_run()) == {KEY: ""}
    assert deployment(app)["update_available"] is None


def test_turning_a_policy_on_later_requests_the_update_of_what_is_already_flagged(app, course, release, flags):
    release("1.1", LESSON + "line 9\n")
    flags.flag_run()
    assert flags.update_requests() == []

    set_policy(app, "auto")
    [request] = flags.update_requests()

    config = request.run_config["ops"]["update_contents"]["config"]
    assert (config["course"], config["paths"], config["by_policy"]) == ("prog1", ["week1.lesson"], True)
    assert flags.update_requests() == []


def test_policy_auto_applies_a_clean_update_in_a_run_the_sensor_requests(app, course, release, flags):
    instance, resources = flags.instance, flags.resources
    set_policy(app, "auto")
    release("1.1", LESSON + "line 9\n")

    flags.flag_run()
    [request] = flags.update_requests()
    result = run(update_course_contents, instance, resources, request.run_config)

    assert result.success
    [event] = [e for e in result.get_asset_materialization_events() if e.asset_key == course_content_deployments.key]
    metadata = event.materialization.metadata
    assert event.materialization.partition == KEY
    assert (metadata["outcome"].value, metadata["from_version"].value, metadata["version"].value) == (
        "deployed",
        "1.0",
        "1.1",
    )
    assert deployment(app)["version"] == "1.1"
    assert git("show", "main:week1/lesson/notes.txt", cwd=Path(remote(app))) == LESSON + "line 9\n"
    # The run cleared the flag as it landed (its materialization says so): the flag run the
    # deploy asks for finds nothing to change, and then there is nothing to do.
    assert deployment(app)["update_available"] is None
    assert flag_observations(flags.flag_run()) == {}
    assert isinstance(flags.tick(), dg.SkipReason)


def test_policy_auto_proposes_the_update_of_a_customized_deployment(app, course, release, flags, tmp_path):
    instance, resources = flags.instance, flags.resources
    set_policy(app, "auto")
    push_change(remote(app), tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_text(LESSON + "mine\n"))
    assert scan_by_sensor(instance, resources)[0].partition == KEY
    main_before = git("rev-parse", "main", cwd=Path(remote(app))).strip()
    release("1.1", LESSON.replace("line 1", "line one"))

    flags.flag_run()
    [request] = flags.update_requests()
    result = run(update_course_contents, instance, resources, request.run_config)

    assert result.success and result.get_asset_materialization_events() == []
    assert git("rev-parse", "main", cwd=Path(remote(app))).strip() == main_before
    branch_notes = git("show", "exlib/update/week1.lesson/1.1:week1/lesson/notes.txt", cwd=Path(remote(app)))
    assert branch_notes == LESSON.replace("line 1", "line one") + "mine\n"  # cleanly merged, awaiting review
    # The proposal is open: the sensor does not ask again (the run's history rows ask for a flag
    # run, which changes nothing).
    assert flag_observations(flags.flag_run()) == {}
    assert isinstance(flags.tick(), dg.SkipReason)


def test_policy_propose_puts_even_a_clean_update_on_a_branch(app, course, release, flags):
    instance, resources = flags.instance, flags.resources
    set_policy(app, "propose")
    release("1.1", LESSON + "line 9\n")

    flags.flag_run()
    [request] = flags.update_requests()
    assert run(update_course_contents, instance, resources, request.run_config).success

    assert deployment(app)["version"] == "1.0"
    assert "exlib/update/week1.lesson/1.1" in git("branch", "--list", "exlib/*", cwd=Path(remote(app)))


def test_repository_sensor_reports_a_lecturers_edit_and_then_nothing(app, course, instance, resources, tmp_path):
    push_change(remote(app), tmp_path, lambda repo: (repo / "week1/lesson/extra.py").write_text("x = 1\n"))

    [event] = scan_by_sensor(instance, resources)

    assert (event.partition, event.metadata["customized"].value) == (KEY, True)
    assert deployment(app)["customized"] == ["+extra.py"]
    assert isinstance(tick(assignments_repository_changes, instance, resources), dg.SkipReason)


def test_update_job_skip_then_rollback_job(app, course, release, instance, resources):
    release("1.1", LESSON + "line 9\n")
    update = job_config(update_course_contents, {"course": "prog1"})
    assert run(update_course_contents, instance, resources, update).success
    assert deployment(app)["version"] == "1.1"

    back = run(
        rollback_course_content,
        instance,
        resources,
        job_config(rollback_course_content, {"course": "prog1", "path": "week1.lesson"}),
    )

    assert back.success
    [event] = back.get_asset_materialization_events()
    assert event.materialization.metadata["version"].value == "1.0"
    assert (deployment(app)["version"], deployment(app)["dismissed"]) == ("1.0", "1.1")


def test_update_job_dry_run_changes_nothing(app, course, release, instance, resources):
    release("1.1", LESSON + "line 9\n")
    head = git("rev-parse", "main", cwd=Path(remote(app))).strip()

    result = run(
        update_course_contents,
        instance,
        resources,
        job_config(update_course_contents, {"course": "prog1", "dry_run": True}),
    )

    assert result.success and result.get_asset_materialization_events() == []
    assert git("rev-parse", "main", cwd=Path(remote(app))).strip() == head
    assert deployment(app)["version"] == "1.0"


def test_update_job_refuses_an_unknown_strategy_before_running(instance, resources):
    with pytest.raises(dg.DagsterInvalidConfigError):
        run(
            update_course_contents,
            instance,
            resources,
            job_config(update_course_contents, {"course": "prog1", "strategy": "bogus"}),
        )


def test_a_flag_run_that_cannot_use_its_database_is_retried_then_fails_saying_why(instance, tmp_path):
    missing = f"sqlite:///{tmp_path}/no-such-folder/exlib.db"
    resources = {"exlib": ExlibResource(home=str(tmp_path), database_url=missing, s3=S3Connection())}

    result = run(flag_available_updates, instance, resources, {})

    assert not result.success
    retried = [e for e in result.all_events if e.event_type_value == "STEP_UP_FOR_RETRY"]
    assert len(retried) == 2
    [failure] = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "run `exlib db upgrade`" in str(failure.step_failure_data.error)
