"""The sensor that watches every library source and requests a sync when its branch moved."""

import dagster as dg

from exlib_assets.defs.library.source_sync import sync_library_source_job
from exlib_assets.defs.resources import ExlibResource


@dg.sensor(
    job=sync_library_source_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Asks each library source's remote for its branch head (git ls-remote, no fetch) and "
    "requests a sync run for each source that moved.",
)
def library_source_changes(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    from exlib_assets.core.library_sources.watch import sources_that_moved

    with exlib.open() as app:
        watched = sources_that_moved(app)
    for name, why in watched.unreachable.items():
        context.log.warning(f"library source {name}: {why}")
    if not watched.moved:
        return dg.SkipReason(
            f"{len(watched.still)} sources unchanged, {len(watched.unreachable)} unreachable, none moved"
        )
    return [
        dg.RunRequest(
            # One run per source and head: a tick before the sync finished asks for nothing new.
            run_key=f"{name}@{head}",
            run_config={"ops": {"sync_library_source": {"config": {"source": name}}}},
            tags={"exlib/source": name, "exlib/source-commit": head},
        )
        for name, head in watched.moved.items()
    ]
