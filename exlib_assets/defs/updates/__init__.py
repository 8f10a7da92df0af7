"""Updates in Dagster: the update and rollback jobs, the runs that flag new versions and read
lecturers' edits, and the sensors that notice when those runs are due (and act on each course's
update policy)."""

import dagster as dg

from exlib_assets.defs.updates.flag_job import flag_available_updates
from exlib_assets.defs.updates.jobs import rollback_course_content, update_course_contents
from exlib_assets.defs.updates.scan_job import scan_assignments_repositories
from exlib_assets.defs.updates.sensors import assignments_repository_changes, update_availability

defs = dg.Definitions(
    jobs=[update_course_contents, rollback_course_content, scan_assignments_repositories, flag_available_updates],
    sensors=[update_availability, assignments_repository_changes],
)
