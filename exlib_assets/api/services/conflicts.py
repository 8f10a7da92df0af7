"""What would stand in the way of deploying an example version at a content path, read from the
database before anything is written. The run checks the repository itself again; this lets a
request be refused (or a preview warn) up front."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from exlib_assets.core import courses
from exlib_assets.core.db.models import Course, ExampleVersion

PATH_EXISTS = "path_exists"
LOCAL_EDITS = "local_edits"
DEPENDENCY_MISSING = "dependency_missing"


@dataclass(frozen=True)
class Conflict:
    type: str
    path: str
    current_content: str
    # The request option that deploys anyway: `overwrite` or `with_dependencies`.
    resolved_by: str

    def describe(self) -> str:
        return f"{self.path}: {self.current_content}"


def conflicts_at(
    session: Session,
    course: Course,
    path: str,
    version: ExampleVersion,
    *,
    also_assigned: Iterable[str] = (),
) -> list[Conflict]:
    """The conflicts of deploying `version` at `path` of `course`; `also_assigned` names examples
    the same request assigns, which satisfy dependencies as if already assigned."""
    found = []
    content = courses.find_content(session, course, path)
    row = content.deployment if content is not None else None
    held = row.example_version if row is not None and row.status != "removed" else None
    if held is not None and held.example_id != version.example_id:
        found.append(
            Conflict(
                PATH_EXISTS,
                path,
                f"a different example is deployed there ({held.example.identifier}@{held.tag}); "
                "deploy with overwrite to replace it",
                "overwrite",
            )
        )
    elif held is not None and held.id != version.id and row.is_customized:
        edits = ", ".join(row.customized_files or []) or "files changed"
        found.append(
            Conflict(
                LOCAL_EDITS,
                path,
                f"{held.example.identifier}@{held.tag} there holds local edits ({edits}); deploy with overwrite "
                "to replace them, or change its version with update_strategy merge to keep them",
                "overwrite",
            )
        )
    placed = {
        c.assignment.example.identifier
        for c in courses.contents_under(session, course)
        if c.assignment and not c.archived
    } | set(also_assigned)
    for dependency in version.dependencies:
        if dependency.identifier not in placed:
            found.append(
                Conflict(
                    DEPENDENCY_MISSING,
                    path,
                    f"needs {dependency.identifier}@{dependency.constraint}, which is assigned nowhere in course "
                    f"{course.slug}; assign it too, or deploy with with_dependencies to place it alongside",
                    "with_dependencies",
                )
            )
    return found


def unresolved(conflicts: list[Conflict], *, overwrite: bool, with_dependencies: bool) -> list[Conflict]:
    """The conflicts the request's options do not settle."""
    settled = {"overwrite"} if overwrite else set()
    settled |= {"with_dependencies"} if with_dependencies else set()
    return [conflict for conflict in conflicts if conflict.resolved_by not in settled]
