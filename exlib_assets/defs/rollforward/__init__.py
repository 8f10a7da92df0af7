"""Next semester in Dagster: the roll-forward job."""

import dagster as dg

from exlib_assets.defs.rollforward.jobs import roll_course_forward

defs = dg.Definitions(jobs=[roll_course_forward])
