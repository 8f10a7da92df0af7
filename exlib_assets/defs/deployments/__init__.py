"""Courses in Dagster: the `course_content_deployments` asset, its consistency check, the jobs
a lecturer launches (assign, preview, deploy) and the partition sync sensor."""

import dagster as dg

from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.deployments.checks import database_matches_repository
from exlib_assets.defs.deployments.jobs import assign_example, deploy_course_contents, preview_deployment
from exlib_assets.defs.deployments.sensors import course_content_partitions_sync

defs = dg.Definitions(
    assets=[course_content_deployments],
    asset_checks=[database_matches_repository],
    jobs=[assign_example, preview_deployment, deploy_course_contents],
    sensors=[course_content_partitions_sync],
)
