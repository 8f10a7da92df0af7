import dagster as dg

from exlib_assets.defs.deployments.partition_sync import missing_content_keys
from exlib_assets.defs.deployments.partitions import course_content_partitions
from exlib_assets.defs.resources import ExlibResource


@dg.sensor(
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Adds a course_contents partition for every content assigned outside Dagster (CLI, API).",
)
def course_content_partitions_sync(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    with exlib.open() as app:
        missing = missing_content_keys(context.instance, app)
    if not missing:
        return dg.SkipReason("every assigned content has its partition")
    return dg.SensorResult(dynamic_partitions_requests=[course_content_partitions.build_add_request(missing)])
