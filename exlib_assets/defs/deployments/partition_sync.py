"""Which `course_contents` partitions the courses need."""

from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.keys import course_content_key
from exlib_assets.defs.deployments.partitions import course_content_partition_sync

if TYPE_CHECKING:
    from exlib_assets.core.app import App


def assigned_content_keys(app: "App") -> list[str]:
    """Keys of every assigned (or still deployed) content. Unassigned contents keep their
    partitions: their next deployment removes the folder, and their history stays visible."""
    from exlib_assets.core import courses

    with app.db.session() as session:
        return [course_content_key(slug, path) for slug, path in courses.deployable_paths(session)]


def add_content_partitions(instance: dg.DagsterInstance, keys: list[str]) -> None:
    """Add the partitions of `keys` that are missing (a deploy run's contents, its new dependencies)."""
    if keys:  # finding which are missing reads every partition
        course_content_partition_sync.add(instance, keys)
