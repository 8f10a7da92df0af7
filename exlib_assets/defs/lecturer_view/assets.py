import dagster as dg

from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.lecturer_view.metadata import CHECKS, check_results, content_observation, overview_metadata
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.templates.partitions import course_partitions


@dg.asset(
    partitions_def=course_partitions,
    deps=[dg.AssetDep(course_content_deployments, partition_mapping=dg.AllPartitionMapping())],
    check_specs=[
        dg.AssetCheckSpec(name, asset="course_overview", description=f"Warns while a content shows `{indicator}`.")
        for name, (indicator, _) in CHECKS.items()
    ],
    group_name="courses",
    kinds={"python"},
    owners=["team:exlib"],
    code_version="1",
)
def course_overview(context: dg.AssetExecutionContext, exlib: ExlibResource):
    """A course at a glance, one partition per course: its content tree in order, each content
    with its marks (deployed and version, failed and why, customized files, update available,
    proposal open, pinned, pending, held back from the student template), checks that warn while
    something needs a look, and on each content's partition of course_content_deployments an
    observation with its page: example, version, update, edits, proposal, last failure and the
    diff an update would bring. Refreshed by the course_overview_refresh sensor after any change."""
    from exlib_assets.core.lecturer_view.content_page import content_page
    from exlib_assets.core.lecturer_view.course_view import course_view

    slug = context.partition_key
    with exlib.open() as app:
        view = course_view(app, slug)
        # A content not from the library has no deployment, hence no partition to show a page on.
        for content in (content for content in view.contents if content.status is not None):
            context.log_event(content_observation(content_page(app, slug, content)))
    context.log.info(f"{slug}: {overview_metadata(view)['summary']}")
    return dg.MaterializeResult(metadata=overview_metadata(view), check_results=check_results(view))
