"""B6: a run launched through Dagster's GraphQL API on the embedded default, until it succeeds."""

import os
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import yaml
from dagster_graphql import DagsterGraphQLClient

from bench import synthetic
from bench.environment import BenchHome
from bench.floor_location import FLOOR_JOB
from bench.results import Row, WorkloadResult, under, within_ratio
from bench.runs import content_keys
from bench.sizes import Sizes
from bench.timing import Measurement, measure
from bench.webserver import LOCATION, PROJECT, running_webserver
from exlib_assets.definitions import defs

JOB = "deploy_course_contents"
POLL_SECONDS = 0.05
RUN_TIMEOUT_S = 300
# The yardstick's code location, served beside the project's by the same webserver.
FLOOR_LOCATION = "bench_floor"

METHOD = (
    "A real `dagster-webserver` on 127.0.0.1 (a free port) over the project's `workspace.yaml`, "
    "with DAGSTER_HOME holding the project's `dagster.yaml`. Each repetition assigns P new "
    "examples to a course (not timed), then times `DagsterGraphQLClient.submit_job_execution` of "
    f"the `{JOB}` job for those paths and `get_run_status` polled every {POLL_SECONDS * 1000:.0f} ms "
    "until SUCCESS. {how} The yardstick, timed interleaved with it in the same repetitions: a run "
    "of an asset that does nothing, in a code location of its own (`bench/floor_location.py`) "
    "served by the same webserver, launched and polled the same way: what any launched run "
    "costs, with nothing of exlib's. For the record: the webserver's start (until the code location is "
    "loaded), timed once, and a new Python process importing `dagster`, then the code location, "
    "which is what each launched run's process does before its first step. No git baseline: "
    "this is the cost of launching a run."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    configured = yaml.safe_load((Path(os.environ["DAGSTER_HOME"]) / "dagster.yaml").read_text())
    how = (
        f"Run coordinator: `{configured['run_coordinator']['class']}` from dagster.yaml (class "
        f"`{type(home.instance.run_coordinator).__name__}`: a run starts at once, no queue); run launcher: "
        f"`{type(home.instance.run_launcher).__name__}` (a new process per run); executor: "
        f"`{defs.get_job_def(JOB).executor_def.name}` (the definitions' default)."
    )
    result = WorkloadResult("B6", "A run launched through GraphQL", METHOD.replace("{how}", how))
    slug = "b6"
    synthetic.create_course(home.app, slug, range(0))
    first = [0]
    scratch = home.scratch("b6")
    workspace = _workspace_with_floor(scratch / "workspace.yaml")
    with running_webserver(
        home, scratch / "webserver.log", workspace=workspace, locations=(LOCATION, FLOOR_LOCATION)
    ) as server:
        client = DagsterGraphQLClient(server.host, port_number=server.port)
        for count in sizes.b6_paths:

            def launch(number: int, count: int = count):
                numbers = range(first[0], first[0] + count)
                first[0] += count
                paths = synthetic.create_course(home.app, slug, numbers)
                content_keys(home.instance, slug, paths)
                return lambda: _launch_until_success(client, slug, paths)

            def floor(number: int):
                return lambda: _launch_floor_until_success(client)

            timings = measure({"launch": launch, "floor": floor}, repeats=sizes.repeats, warmups=sizes.warmups)
            result.rows.append(
                Row(
                    f"deploy {count} example(s), submit to SUCCESS",
                    timings["launch"],
                    timings["floor"],
                    yardstick="a launched run of an asset that does nothing",
                )
            )
            result.rows.append(
                Row(
                    "a launched run of an asset that does nothing, submit to SUCCESS",
                    timings["floor"],
                    note="the yardstick",
                )
            )
        result.rows.append(
            Row(
                "webserver start until the code location is loaded", Measurement((server.startup_seconds,)), note="once"
            )
        )
    # What every launched run pays before its first step: a new process that loads the code location.
    imports = measure(
        {module: _importing(module) for module in ("dagster", "exlib_assets.definitions")},
        repeats=sizes.repeats,
        warmups=0,  # the webserver has just read the same files: they are warm already
    )
    result.rows += [
        Row("a new Python process importing `dagster`", imports["dagster"], note="for comparison"),
        Row(
            "a new Python process importing the code location",
            imports["exlib_assets.definitions"],
            note="what each run's process does first",
        ),
    ]
    result.verdicts += [under(2.0, result.rows[0]), within_ratio(1.5, result.rows[0])]
    return result


def _workspace_with_floor(path: Path) -> Path:
    """The project's workspace.yaml plus the yardstick's code location, written to `path`."""
    workspace = yaml.safe_load((PROJECT / "workspace.yaml").read_text())
    for entry in workspace["load_from"]:
        entry["python_module"]["working_directory"] = str(PROJECT)
    workspace["load_from"].append(
        {
            "python_module": {
                "module_name": "bench.floor_location",
                "location_name": FLOOR_LOCATION,
                "working_directory": str(PROJECT),
            }
        }
    )
    path.write_text(yaml.safe_dump(workspace))
    return path


def _launch_until_success(client: DagsterGraphQLClient, slug: str, paths: list[str]) -> None:
    run_id = client.submit_job_execution(
        JOB,
        repository_location_name=LOCATION,
        repository_name="__repository__",
        run_config={"ops": {"deploy_contents": {"config": {"course": slug, "paths": paths}}}},
        tags={"exlib/trigger": "bench"},
    )
    _wait_for_success(client, run_id)


def _launch_floor_until_success(client: DagsterGraphQLClient) -> None:
    run_id = client.submit_job_execution(
        FLOOR_JOB, repository_location_name=FLOOR_LOCATION, repository_name="__repository__", run_config={}
    )
    _wait_for_success(client, run_id)


def _wait_for_success(client: DagsterGraphQLClient, run_id: str) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        status = client.get_run_status(run_id)
        if status == dg.DagsterRunStatus.SUCCESS:
            return
        if status in (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED):
            raise RuntimeError(f"run {run_id} ended {status.value}; see its log in the bench instance")
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"run {run_id} did not finish within {RUN_TIMEOUT_S} s")


def _importing(module: str):
    def step(number: int):
        command = [sys.executable, "-W", "ignore", "-c", f"import {module}"]
        return lambda: subprocess.run(command, cwd=PROJECT, check=True, capture_output=True)

    return step
