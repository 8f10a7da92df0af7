import dagster as dg

from exlib_assets.defs.deployments.partition_sync import assigned_content_keys
from exlib_assets.defs.deployments.partitions import course_content_partition_sync
from exlib_assets.defs.resources import ExlibResource


@dg.sensor(
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Adds a course_contents partition for every content assigned outside Dagster (CLI, API).",
)
def course_content_partitions_sync(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    with exlib.open() as app:
        wanted = assigned_content_keys(app)
    requests = course_content_partition_sync.request(context.instance, wanted)
    if not requests:
        return dg.SkipReason("every assigned content has its partition")
    return dg.SensorResult(dynamic_partitions_requests=requests)
