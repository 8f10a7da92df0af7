"""Keep the `course_contents` partitions in step with what courses assign."""

import dagster as dg

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.partition_keys import course_content_key
from exlib_assets.defs.deployments.partitions import course_content_partitions


def missing_content_keys(instance: dg.DagsterInstance, app: App) -> list[str]:
    """Keys of assigned (or still deployed) contents that are not partitions yet."""
    with app.db.session() as session:
        wanted = [course_content_key(slug, path) for slug, path in courses.deployable_paths(session)]
    known = set(instance.get_dynamic_partitions(course_content_partitions.name))
    return [key for key in wanted if key not in known]


def add_content_partitions(instance: dg.DagsterInstance, keys: list[str]) -> None:
    known = set(instance.get_dynamic_partitions(course_content_partitions.name))
    new = [key for key in dict.fromkeys(keys) if key not in known]
    if new:
        instance.add_dynamic_partitions(course_content_partitions.name, new)


def sync_content_partitions(instance: dg.DagsterInstance, app: App) -> list[str]:
    """Add the partitions that are missing; returns their keys. Unassigned contents keep theirs:
    their next deployment removes the folder, and their history stays visible."""
    missing = missing_content_keys(instance, app)
    add_content_partitions(instance, missing)
    return missing
