"""Going back to a version a content held before, in one commit.

The version rolled back from is dismissed, so neither the update flag nor the next deploy
brings it straight back; a version newer than it is offered again as usual.
"""

import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.db.models import DeploymentEvent, ExampleVersion
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.outcomes import DeployReport
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.updates.updater import strategy_for

# History events after which a content held the event's `to_version` on main.
_HELD = ("deployed", "merged")


def rollback(
    app: App,
    slug: str,
    path: str,
    to_version: str | None = None,
    *,
    strategy: str | None = None,
    dry_run: bool = False,
    actor: str = "exlib",
) -> DeployReport:
    """Redeploy the version `path` held before the current one (or `to_version`, which it must
    have held at some point)."""
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        content = courses.require_content(session, course, path)
        row = content.deployment
        if row is None or row.example_version is None or content.assignment is None:
            raise NotFoundError(f"{slug}/{path} has nothing deployed to roll back.")
        current = row.example_version
        held = _versions_held(session, course.id, path, current.example.identifier)
        earlier = [tag for tag in held if tag != current.tag]
        if to_version is None:
            if not earlier:
                raise ExlibError(
                    f"{slug}/{path} has held only {current.tag}; there is nothing earlier to roll back to."
                )
            target = earlier[-1]
        else:
            found = library_index.find_version(current.example, to_version)
            target = found.tag if found else to_version
            if target not in earlier:
                listed = ", ".join(earlier) or "none"
                raise ExlibError(
                    f"{slug}/{path} never held {current.example.identifier}@{to_version} before "
                    f"(earlier versions: {listed}); roll back to one of those, "
                    "or assign the version with `exlib assign`."
                )
        chosen = strategy_for(content, strategy)
        chosen = "merge" if chosen == "skip" else chosen  # a rollback is asked for: it cannot be skipped
    request = DeployRequest.rollback(slug, path, target, strategy=chosen, dry_run=dry_run, actor=actor)
    report = deploy_course(app, request)
    [outcome] = report.outcomes
    if not dry_run and outcome.status in ("deployed", "merged"):
        _dismiss(app, slug, path, current.id)
    return report


def _versions_held(session, course_id: int, path: str, identifier: str) -> list[str]:
    """Versions the content held, oldest first, each once (at its latest position)."""
    tags = session.scalars(
        sa.select(DeploymentEvent.to_version)
        .where(
            DeploymentEvent.course_id == course_id,
            DeploymentEvent.content_path == path,
            DeploymentEvent.example_identifier == identifier,
            DeploymentEvent.event.in_(_HELD),
            DeploymentEvent.to_version.is_not(None),
        )
        .order_by(DeploymentEvent.id)
    ).all()
    return list(dict.fromkeys(reversed(tags)))[::-1]


def _dismiss(app: App, slug: str, path: str, rolled_back_from: int) -> None:
    with app.db.session() as session:
        content = courses.require_content(session, courses.require_course(session, slug), path)
        row = content.deployment
        from_version = session.get(ExampleVersion, rolled_back_from)
        if row.dismissed is None or row.dismissed.sort_key < from_version.sort_key:
            row.dismissed = from_version
        row.update_available = None
