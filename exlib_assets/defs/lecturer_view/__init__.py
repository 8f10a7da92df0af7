"""The lecturer's view of each course: the `course_overview` asset (the content tree with its
indicators, checks that warn about what needs a look, and a page per content) and the sensor
that refreshes it after any change."""

import dagster as dg

from exlib_assets.defs.lecturer_view.assets import course_overview
from exlib_assets.defs.lecturer_view.sensors import course_overview_refresh

defs = dg.Definitions(assets=[course_overview], sensors=[course_overview_refresh])
