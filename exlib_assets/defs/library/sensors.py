import dagster as dg

from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.partitions import example_version_partition_sync
from exlib_assets.defs.resources import ExlibResource


@dg.sensor(
    asset_selection=[example_versions],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Finds example versions that appeared in storage and indexes each one.",
)
def example_version_discovery(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    from exlib_assets.core.discovery import DiscoveryCursor, discover_versions

    known = example_version_partition_sync.known(context.instance)
    with exlib.open() as app:
        found = discover_versions(app.storage, known, DiscoveryCursor.from_json(context.cursor))
    for name in found.refused:
        context.log.warning(f"storage folder {name} cannot be a partition key; rename it.")
    if not found.new_keys:
        # The cursor still moves, so the next tick skips what this one listed.
        context.update_cursor(found.cursor.to_json())
        return dg.SkipReason(f"no new versions among {found.listed} listed ({len(known)} known)")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=key, run_key=key) for key in found.new_keys],
        dynamic_partitions_requests=example_version_partition_sync.request(context.instance, found.new_keys, known),
        cursor=found.cursor.to_json(),
    )
