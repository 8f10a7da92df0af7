"""The Example Library in Dagster: the `example_versions` asset, its verification checks and the
discovery sensor."""

import dagster as dg

from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.sensors import example_version_discovery
from exlib_assets.defs.library.verification_checks import solution_passes_tests, template_does_not_pass

defs = dg.Definitions(
    assets=[example_versions],
    asset_checks=[solution_passes_tests, template_does_not_pass],
    sensors=[example_version_discovery],
)
