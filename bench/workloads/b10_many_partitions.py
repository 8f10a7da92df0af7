"""B10: a university's worth of partitions: 200 courses x 50 contents, the partitions page of
course_content_deployments and the update_availability tick over all of them."""

import dagster as dg

from bench import synthetic
from bench.environment import BenchHome, exlib_resources
from bench.results import Row, Verdict, WorkloadResult
from bench.runs import materialize_contents
from bench.sizes import Sizes
from bench.timing import measure, measure_once
from bench.webserver import graphql, running_webserver
from exlib_assets.core.app import App
from exlib_assets.core.keys import course_content_key
from exlib_assets.defs.deployments.partition_sync import add_content_partitions
from exlib_assets.defs.updates.flag_job import flag_available_updates
from exlib_assets.defs.updates.sensors import update_availability

# Per partition, the largest size may cost at most this multiple of what the smallest costs.
LINEAR_SLACK = 1.25

# What the UI asks for when it shows the asset's partitions: every key and its status.
PARTITIONS_PAGE_QUERY = """
query PartitionHealth($assetKey: AssetKeyInput!) {
  assetNodeOrError(assetKey: $assetKey) {
    __typename
    ... on AssetNode {
      id
      partitionKeysByDimension { name type partitionKeys }
      assetPartitionStatuses {
        __typename
        ... on DefaultPartitionStatuses { materializedPartitions materializingPartitions failedPartitions }
      }
      partitionStats { numMaterialized numMaterializing numFailed numPartitions }
    }
  }
}
"""

METHOD = (
    "C courses of D contents each (examples 0..D-1 at `latest`), in a database, storage and git "
    "host of their own, deployed by a real run of `course_content_deployments` over all of "
    "their partitions (one commit per course; timed once, for the record), so the instance "
    "holds C x D partitions, each materialized once. *The "
    "partitions page*: a real `dagster-webserver` on 127.0.0.1, and the GraphQL query the UI's "
    "partitions page of `course_content_deployments` makes (every partition key with its status, "
    "and the counts), timed from request to answer. *The update_availability tick*: each "
    "repetition imports a new version of example 0, which every course holds (not timed), then "
    "times one evaluation of `update_availability` (`dg.build_sensor_context`), which must ask for "
    "one flag run; then that run (`flag_available_updates`, in-process), timed apart, which must "
    "flag exactly C deployments: the tick only notices, the run does the work. The sizes grow C at a "
    "constant D. No git baseline: no git is involved."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B10", "Ten thousand partitions", METHOD)
    with home.open_separate_app("b10") as app:
        _measure(app, home, sizes, result)
    return result


def _measure(app: App, home: BenchHome, sizes: Sizes, result: WorkloadResult) -> None:
    resources = exlib_resources(app.settings)
    scratch = home.scratch("b10")
    per_course = sizes.b10_contents
    synthetic.import_examples(app, scratch / "library", range(per_course))
    page_rows: list[tuple[int, Row]] = []
    tick_rows: list[tuple[int, Row]] = []
    run_rows: list[tuple[int, Row]] = []
    made = 0
    flags = _FlagTicks(home, resources)
    with running_webserver(home, scratch / "webserver.log") as server:
        for count in sizes.b10_courses:
            new_courses = range(made, count)
            setup = measure_once(lambda new=new_courses: _deploy_courses(app, home, resources, new, per_course))
            made = count
            partitions = count * per_course
            flags.settle()  # flags left from the smaller size settle first

            def page(number: int, partitions: int = partitions):
                return lambda: _partitions_page(server, partitions)

            def one_new(number: int, count: int = count):
                synthetic.publish_new_version(app, scratch / f"{count}-{number}", 0)
                return flags.tick

            def flag_run(number: int, count: int = count):
                # The run the tick just asked for, which must flag every course's deployment.
                return lambda: flags.run_requested(expect=count)

            timings = measure(
                {"page": page, "tick": one_new, "run": flag_run}, repeats=sizes.repeats, warmups=sizes.warmups
            )
            what = f"{count} courses x {per_course} ({partitions} partitions)"
            page_rows.append((partitions, Row(f"{what}: the partitions page query", timings["page"])))
            tick_rows.append((partitions, Row(f"{what}: update_availability after 1 new version", timings["tick"])))
            run_rows.append(
                (partitions, Row(f"{what}: the flag run it asks for", timings["run"], note="in-process run"))
            )
            result.rows.append(
                Row(
                    f"{what}: deploying its {len(new_courses)} new course(s)",
                    setup,
                    note="setup, for the record: one run, one commit per course",
                )
            )
    result.rows = [row for _, row in page_rows + tick_rows + run_rows] + result.rows
    for rows, what in (
        (page_rows, "the partitions page query"),
        (tick_rows, "the update_availability tick"),
        (run_rows, "the flag run"),
    ):
        (small_count, small), (large_count, large) = rows[0], rows[-1]
        if large_count > small_count:
            small_each, large_each = small.measured.median / small_count, large.measured.median / large_count
            result.verdicts.append(
                Verdict(
                    f"{what} grows at most linearly: per partition, {large_count} cost at most "
                    f"{LINEAR_SLACK:g}x what {small_count} do",
                    f"{small_each * 1e6:.0f} us -> {large_each * 1e6:.0f} us per partition "
                    f"({large_each / small_each:.2f}x)",
                    large_each <= small_each * LINEAR_SLACK,
                )
            )


def _partitions_page(server, partitions: int) -> None:
    data = graphql(server, PARTITIONS_PAGE_QUERY, {"assetKey": {"path": ["course_content_deployments"]}})
    node = data["assetNodeOrError"]
    if node["__typename"] != "AssetNode":
        raise RuntimeError(f"the partitions page query found no asset: {node}")
    keys = node["partitionKeysByDimension"][0]["partitionKeys"]
    materialized = node["assetPartitionStatuses"]["materializedPartitions"]
    # The instance also holds other workloads' partitions: at least these must be there.
    if len(keys) < partitions or len(materialized) < partitions:
        raise RuntimeError(f"the partitions page showed {len(keys)} partitions, {len(materialized)} materialized")


class _FlagTicks:
    """update_availability as the daemon runs it: a tick (timed) that asks for a flag run, and
    that run (not timed), which must flag every deployment of the example that got a version."""

    def __init__(self, home: BenchHome, resources: dict) -> None:
        self.home, self.resources = home, resources
        self.cursor: str | None = None
        self.requested: list[dg.RunRequest] = []
        self.job = dg.Definitions(jobs=[flag_available_updates], resources=resources).get_job_def(
            flag_available_updates.name
        )

    def tick(self) -> None:
        with dg.build_sensor_context(
            instance=self.home.instance, resources=self.resources, cursor=self.cursor
        ) as context:
            outcome = update_availability(context)
        self.cursor = outcome.cursor if isinstance(outcome, dg.SensorResult) else context.cursor
        self.requested = list(outcome.run_requests or []) if isinstance(outcome, dg.SensorResult) else []

    def run_requested(self, expect: int | None = None) -> None:
        flagged = 0
        for request in self.requested:
            result = self.job.execute_in_process(instance=self.home.instance, run_config=request.run_config)
            flagged += len(result.asset_observations_for_node("flag_deployments"))
        self.requested = []
        if expect is not None and flagged != expect:
            raise RuntimeError(f"update_availability's run flagged {flagged} deployment(s), expected {expect}")

    def settle(self) -> None:
        self.tick()
        self.run_requested()
        self.tick()  # the flags' own history rows ask for nothing more
        self.requested = []


def _deploy_courses(app: App, home: BenchHome, resources: dict, numbers: range, per_course: int) -> None:
    """Courses `numbers`, each assigning examples 0..per_course-1, deployed by one run over all of
    their partitions (added together, so they are one contiguous range)."""
    slugs = [f"b10_{number:03d}" for number in numbers]
    keys = [
        course_content_key(slug, path)
        for slug in slugs
        for path in sorted(synthetic.create_course(app, slug, range(per_course)))
    ]
    add_content_partitions(home.instance, keys)
    materialize_contents(home.instance, resources, keys)
