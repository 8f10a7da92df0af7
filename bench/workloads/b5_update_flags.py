"""B5: the update_availability sensor's tick over many courses after one new version (the
repository sensor's tick is B8's)."""

import dagster as dg

from bench import synthetic
from bench.environment import BenchHome, exlib_resources
from bench.results import Row, WorkloadResult, under
from bench.sizes import Sizes
from bench.timing import measure
from exlib_assets.core.app import App
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.defs.updates.flag_job import flag_available_updates
from exlib_assets.defs.updates.sensors import update_availability

METHOD = (
    "C courses, each with D contents assigned (examples 0..D-1 at `latest`) and deployed in one "
    "commit. *One new version*: each repetition imports a new version of example 0, which every "
    "course holds (not timed), then times one evaluation of the `update_availability` sensor "
    "(`dg.build_sensor_context` with the instance, resources and the previous tick's cursor): a "
    "few aggregate reads (newest version and history ids, archived contents, update policies), "
    "which must request one `flag_available_updates` run. That run (in-process, timed apart: the "
    "tick only notices, the run does the work) must flag exactly C of the C x D deployments. "
    "*Nothing new*: the tick after, which must skip. No "
    "git baseline: the flags are read from the database alone."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B5", "Update-available detection", METHOD)
    # A database of its own, so the sensor reads exactly these courses, not the other workloads'.
    with home.open_separate_app("b5") as app:
        _measure(app, home, sizes, result)
    return result


def _measure(app: App, home: BenchHome, sizes: Sizes, result: WorkloadResult) -> None:
    resources = exlib_resources(app.settings)
    scratch = home.scratch("b5")
    synthetic.import_examples(app, scratch, range(sizes.b5_deployments))
    courses_made = 0

    cursor: list[str | None] = [None]
    requested: list[dg.RunRequest] = []

    def tick(expect_run: bool) -> None:
        with dg.build_sensor_context(instance=home.instance, resources=resources, cursor=cursor[0]) as context:
            outcome = update_availability(context)
        cursor[0] = outcome.cursor if isinstance(outcome, dg.SensorResult) else context.cursor
        requests = list(outcome.run_requests) if isinstance(outcome, dg.SensorResult) else []
        if len(requests) != int(expect_run):
            raise RuntimeError(f"update_availability requested {requests}, expected {int(expect_run)} flag run")
        requested[:] = requests

    def flag_run(expect_observations: int | None) -> None:
        job = dg.Definitions(jobs=[flag_available_updates], resources=resources).get_job_def(
            flag_available_updates.name
        )
        result = job.execute_in_process(instance=home.instance, run_config=requested[0].run_config)
        observed = len(result.asset_observations_for_node("flag_deployments"))
        if expect_observations is not None and observed != expect_observations:
            raise RuntimeError(f"the flag run observed {observed} change(s), expected {expect_observations}")

    for count in sizes.b5_courses:
        for number in range(courses_made, count):
            slug = f"b5_{number:03d}"
            synthetic.create_course(app, slug, range(sizes.b5_deployments))
            if not deploy_course(app, DeployRequest.deploy(slug)).ok:
                raise RuntimeError(f"deploying {slug} failed")
        courses_made = count
        tick(expect_run=True)  # flags left from earlier sizes settle first
        flag_run(expect_observations=None)
        tick(expect_run=False)  # the flags' own history rows ask for nothing more

        def one_new(number: int, count: int = count):
            synthetic.publish_new_version(app, scratch / f"{count}-{number}", 0)
            return lambda: tick(expect_run=True)

        def the_run(number: int, count: int = count):
            return lambda: flag_run(expect_observations=count)  # the run the tick just asked for

        def nothing_new(number: int, count: int = count):
            return lambda: tick(expect_run=False)  # the flags' own history rows ask for nothing more

        timings = measure(
            {"one": one_new, "run": the_run, "none": nothing_new},
            repeats=sizes.repeats,
            warmups=sizes.warmups,
        )
        flagged = Row(f"{count} courses x {sizes.b5_deployments}, after 1 new version", timings["one"])
        flag_run_row = Row(
            f"{count} courses x {sizes.b5_deployments}: the flag run it asks for", timings["run"], note="in-process run"
        )
        result.rows += [
            flagged,
            flag_run_row,
            Row(f"{count} courses x {sizes.b5_deployments}, nothing new", timings["none"]),
        ]
    result.verdicts += [under(2.0, flagged), under(2.0, flag_run_row)]
