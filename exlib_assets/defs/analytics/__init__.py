"""Analytics in Dagster: the `example_usage`, `course_status` and `deployment_activity` assets,
and the schedule and sensor that keep them fresh."""

import dagster as dg

from exlib_assets.defs.analytics.assets import analytics
from exlib_assets.defs.analytics.automation import analytics_after_changes, analytics_hourly, analytics_refresh

defs = dg.Definitions(
    assets=[analytics],
    jobs=[analytics_refresh],
    schedules=[analytics_hourly],
    sensors=[analytics_after_changes],
)
