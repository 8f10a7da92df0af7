"""Updates in Dagster: the update and rollback jobs, and the sensors that flag new versions,
act on each course's policy and notice lecturers' edits (read by the scan job)."""

import dagster as dg

from exlib_assets.defs.updates.jobs import rollback_course_content, update_course_contents
from exlib_assets.defs.updates.scan_job import scan_assignments_repositories
from exlib_assets.defs.updates.sensors import assignments_repository_changes, update_availability

defs = dg.Definitions(
    jobs=[update_course_contents, rollback_course_content, scan_assignments_repositories],
    sensors=[update_availability, assignments_repository_changes],
)
