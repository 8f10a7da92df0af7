"""Changing the example version of one content, as a front end asks with its update strategy.

- `overwrite` / `merge`: the content's wish becomes the version asked for (as `exlib assign`),
  then the run brings the repository there: the `update_course_contents` run when the content
  holds an older version of the same example (merge keeps the lecturer's edits, conflicts
  become a proposal branch), else the `deploy_course_contents` run (not yet deployed, another
  example there, or going back), with overwrite when asked for.
- `skip`: the version offered as an update is dismissed (`exlib update --strategy skip`); the
  wish is left as it is.
Everything is checked before anything is written.
"""

from dataclasses import dataclass

import dagster as dg

from exlib_assets.api.services import lookups
from exlib_assets.api.services.problems import RequestConflictError
from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.deployments.wanted import available_update
from exlib_assets.core.errors import NotFoundError
from exlib_assets.defs.deployments.config import DeployConfig
from exlib_assets.defs.updates.config import UpdateConfig
from exlib_assets.runs.course_jobs import DEPLOY, UPDATE, CourseJob

STRATEGIES = ("overwrite", "merge", "skip")


@dataclass(frozen=True)
class VersionChange:
    """What was recorded, and the run that carries it out."""

    path: str
    example: str
    example_version: str
    from_version: str | None
    job: CourseJob
    config: dg.Config


def change_version(app: App, slug: str, path: str, wanted: str, strategy: str, *, actor: str) -> VersionChange:
    """Record the change for content `path` of `slug` and say which run to start (not started here)."""
    path = lookups.content_path(path)
    with app.db.session() as session:
        course = lookups.course_named(session, slug)
        content = courses.require_content(session, course, path)
        if content.assignment is None:
            raise NotFoundError(
                f"content {path!r} of course {slug!r} has no example assigned, so it has no version to change; "
                f"deploy one first (POST /api/v1/courses/{slug}/deploy-examples)."
            )
        library = lookups.library_of(session, app)
        identifier = content.assignment.example.identifier
        target = lookups.example_version(session, library, identifier, wanted)
        row = content.deployment
        held = row.example_version if row is not None and row.status != "removed" else None
        from_version = held.tag if held is not None else None
        if strategy == "skip":
            offered = available_update(content.assignment, row)
            if offered is None or offered.id != target.id:
                raise RequestConflictError(
                    f"{slug}/{path} is not offered {identifier}@{target.tag}, so there is nothing to skip "
                    f"(deployed: {from_version or 'nothing'}; offered: {offered.tag if offered else 'nothing'}). "
                    "Skip the version offered, or change to a version with overwrite or merge."
                )
            job = UPDATE
        else:
            courses.assign(session, library, content, identifier, lookups.constraint_text(wanted), actor=actor)
            is_update = held is not None and held.example_id == target.example_id and target.sort_key > held.sort_key
            job = UPDATE if is_update else DEPLOY
    if job == UPDATE:
        config = UpdateConfig(course=slug, paths=[path], strategy=strategy, requested_by=actor)
    else:
        config = DeployConfig(course=slug, paths=[path], overwrite=strategy == "overwrite", requested_by=actor)
    return VersionChange(path, identifier, target.tag, from_version, job, config)
