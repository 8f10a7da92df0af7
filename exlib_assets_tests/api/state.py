"""What the database, the repository and the Dagster instance hold, for assertions."""

import dagster as dg

from exlib_assets.core import courses
from exlib_assets.core.settings import Settings
from exlib_assets_tests.repositories import commit_count, tree_files


def assignments(app, slug: str) -> dict[str, str]:
    """{path: identifier@constraint} of the course's assigned contents."""
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        return {
            c.path: f"{c.assignment.example.identifier}@{c.assignment.version_constraint}"
            for c in courses.contents_under(session, course)
            if c.assignment is not None
        }


def deployments(app, slug: str) -> dict[str, tuple[str, str | None]]:
    """{path: (status, deployed version)} of the course's deployment rows."""
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        return {
            c.path: (c.deployment.status, c.deployment.example_version.tag if c.deployment.example_version else None)
            for c in courses.contents_under(session, course)
            if c.deployment is not None
        }


def assignments_repository(app, slug: str) -> str:
    return app.git_host.push_url(courses.repository_names(slug)["assignments"])


def repository_files(app, slug: str) -> list[str]:
    url = assignments_repository(app, slug)
    return tree_files(url) if commit_count(url) else []


def dagster_runs(settings: Settings) -> list[dg.DagsterRun]:
    with dg.DagsterInstance.from_config(str(settings.home / "dagster")) as instance:
        return list(instance.get_runs())
