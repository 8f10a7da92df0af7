import dagster as dg

from exlib_assets.core.keys import parse_course_content_key
from exlib_assets.defs.deployments.config import run_actor
from exlib_assets.defs.deployments.materialize import deploy_courses
from exlib_assets.defs.deployments.partitions import course_content_partitions
from exlib_assets.defs.deployments.progress import Reporter
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.resources import ExlibResource


@dg.asset(
    partitions_def=course_content_partitions,
    # Selecting many partitions in the UI makes one run, hence one commit per course.
    backfill_policy=dg.BackfillPolicy.single_run(),
    # The two dynamic partition sets do not map onto each other: lineage to the exact
    # example_versions partition is in each materialization's metadata.
    deps=[dg.AssetDep(example_versions, partition_mapping=dg.AllPartitionMapping())],
    # Materializations are recorded per path as it succeeds; a path that fails has none.
    output_required=False,
    group_name="courses",
    kinds={"python", "git"},
    owners=["team:exlib"],
    code_version="1",
)
def course_content_deployments(context: dg.AssetExecutionContext, exlib: ExlibResource, reporter: Reporter):
    """What each course content holds in its course's assignments repository, one partition per
    `course/path`.

    Materializing a partition makes the repository match the content's assignment: the
    example's files at the nested path with a `.example-library` tracking file, the course
    index and history updated, one commit per course for the whole run. A content that was
    unassigned has its folder removed. Paths holding local edits or other content are left
    alone (use the deploy_course_contents job with overwrite to replace them) and fail.
    """
    # Each use of context.partition_keys reads the partitions again: read them once.
    partition_keys = context.partition_keys
    requests: dict[str, list[str]] = {}
    for key in partition_keys:
        slug, path = parse_course_content_key(key)
        requests.setdefault(slug, []).append(path)
    yield from deploy_courses(
        context.op_execution_context,
        exlib,
        reporter,
        requests,
        overwrite=False,
        with_dependencies=False,
        actor=run_actor(context.op_execution_context),
        run_partitions=set(partition_keys),
    )
