"""The Example Library in Dagster: the `example_versions` asset and the discovery sensor."""

import dagster as dg

from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.sensors import example_version_discovery

defs = dg.Definitions(assets=[example_versions], sensors=[example_version_discovery])
