"""When the analytics tables are refreshed: every hour (days behind move with the clock), and
soon after anything they count changes."""

import dagster as dg

from exlib_assets.defs.resources import ExlibResource

analytics_refresh = dg.define_asset_job(
    "analytics_refresh",
    selection=dg.AssetSelection.groups("analytics"),
    description="Recompute every analytics table from the database and replace it.",
)

analytics_hourly = dg.ScheduleDefinition(
    name="analytics_hourly",
    job=analytics_refresh,
    cron_schedule="5 * * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Refresh the analytics tables every hour, so figures that move with the clock "
    "(days behind, the last seven days) stay current.",
)


@dg.sensor(
    job=analytics_refresh,
    # A burst of deployments (a backfill, a bulk update) becomes one refresh, not one per run.
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Refreshes the analytics tables after deployments, updates, rollbacks, repository "
    "scans or template builds were recorded.",
)
def analytics_after_changes(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    from exlib_assets.core.analytics.changes import change_marker

    with exlib.open() as app, app.db.session() as session:
        marker = change_marker(session)
    if marker == context.cursor:
        return dg.SkipReason("nothing recorded since the last refresh")
    # The marker as run key: a re-evaluated tick never launches the same refresh twice.
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=marker)], cursor=marker)
