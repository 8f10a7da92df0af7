"""A front end's deploy request: check every item, then assign them all in one transaction.

Nothing is written unless every item is sound: a bad path, an unknown example or version, or a
conflict with what the course holds refuses the whole request. Deploying is then the
`deploy_course_contents` run, as `exlib assign` followed by `exlib deploy` would do it.
"""

from dataclasses import dataclass

from exlib_assets.api.services import lookups
from exlib_assets.api.services.conflicts import conflicts_at, unresolved
from exlib_assets.api.services.problems import InvalidRequestError, RequestConflictError
from exlib_assets.core import courses
from exlib_assets.core.app import App


@dataclass(frozen=True)
class RequestedDeployment:
    target_path: str
    example: str
    example_version: str = "latest"
    # The content as the front end names it; exlib names a content by its path, so when given it
    # must be the target path.
    course_content: str | None = None


def assign_requested(
    app: App,
    slug: str,
    requested: list[RequestedDeployment],
    *,
    overwrite: bool = False,
    with_dependencies: bool = False,
    actor: str,
) -> list[str]:
    """Assign each requested example version to its content (created if missing); returns the
    content paths, for the deploy run. Refuses the whole request, writing nothing, if any item
    is unsound."""
    if not requested:
        raise InvalidRequestError("the request names no deployments; send at least one.")
    paths = [_checked_path(item) for item in requested]
    duplicates = sorted({path for path in paths if paths.count(path) > 1})
    if duplicates:
        raise InvalidRequestError(f"each content may appear once per request; repeated: {', '.join(duplicates)}.")
    with app.db.session() as session:
        course = lookups.course_named(session, slug)
        library = lookups.library_of(session, app)
        versions = [lookups.example_version(session, library, item.example, item.example_version) for item in requested]
        planned = {item.example for item in requested}
        conflicts = [
            conflict
            for item, version in zip(requested, versions, strict=True)
            for conflict in conflicts_at(session, course, item.target_path, version, also_assigned=planned)
        ]
        blocking = unresolved(conflicts, overwrite=overwrite, with_dependencies=with_dependencies)
        if blocking:
            raise RequestConflictError(
                f"{len(blocking)} conflict(s) with what course {slug} holds; nothing was assigned or deployed: "
                + "; ".join(conflict.describe() for conflict in blocking),
                [conflict.describe() for conflict in blocking],
            )
        for item in requested:
            content = courses.add_content(session, course, item.target_path)
            courses.assign(
                session, library, content, item.example, lookups.constraint_text(item.example_version), actor=actor
            )
    return paths


def _checked_path(item: RequestedDeployment) -> str:
    path = lookups.content_path(item.target_path)
    if item.course_content is not None and item.course_content != path:
        raise InvalidRequestError(
            f"course_content {item.course_content!r} and target_path {path!r} differ: a content is deployed at its "
            "own path, so give the same path in both (or leave course_content out)."
        )
    return path
