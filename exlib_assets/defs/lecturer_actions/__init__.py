"""The lecturer's actions the other domains do not already offer as jobs: unassign, course
settings, and releasing the student template as a job of its own on the Launchpad."""

import dagster as dg

from exlib_assets.defs.lecturer_actions.jobs import change_course_settings, release_student_template, unassign_example

defs = dg.Definitions(jobs=[unassign_example, change_course_settings, release_student_template])
