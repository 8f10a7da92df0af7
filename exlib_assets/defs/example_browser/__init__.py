"""The library browsable in the UI: `example_catalog` (a table of every example), one page per
example version (`example_version_pages`) and the sensor that refreshes both."""

import dagster as dg

from exlib_assets.defs.example_browser.assets import example_catalog, example_version_pages
from exlib_assets.defs.example_browser.sensors import example_browser_refresh

defs = dg.Definitions(assets=[example_catalog, example_version_pages], sensors=[example_browser_refresh])
