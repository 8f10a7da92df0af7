"""The Example Library in Dagster: the `example_versions` asset, its verification checks, the
discovery sensor, and the sync of library sources (a job and the sensor that requests it)."""

import dagster as dg

from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.sensors import example_version_discovery
from exlib_assets.defs.library.source_sensor import library_source_changes
from exlib_assets.defs.library.source_sync import sync_library_source_job
from exlib_assets.defs.library.verification_checks import verification_checks

defs = dg.Definitions(
    assets=[example_versions],
    asset_checks=[verification_checks],
    jobs=[sync_library_source_job],
    sensors=[example_version_discovery, library_source_changes],
)
