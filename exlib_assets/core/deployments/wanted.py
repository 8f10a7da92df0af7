"""Which version a deployed content should hold now, and whether that is an update.

A content follows its constraint (`latest`, `^1.2`, ...), except that a version the lecturer
skipped, or rolled back from, is held off: the content stays where it is until a version newer
than the dismissed one appears. An exact pin never asks for an update.
"""

from exlib_assets.core import library_index
from exlib_assets.core.db.models import Assignment, Deployment, ExampleVersion
from exlib_assets.core.versions import parse_constraint


def wanted_version(assignment: Assignment, deployment: Deployment | None) -> ExampleVersion:
    """The version `assignment` resolves to, unless a dismissal holds the deployed one."""
    resolved = library_index.resolve_version(assignment.example, assignment.version_constraint)
    held = _held_version(assignment, deployment, resolved)
    return held or resolved


def available_update(assignment: Assignment | None, deployment: Deployment | None) -> ExampleVersion | None:
    """The newer version a deployment should be offered, or None when it is current, pinned,
    dismissed, or not deployed at all."""
    if assignment is None or deployment is None or deployment.example_version is None:
        return None
    if deployment.content.archived:
        return None  # the next deploy takes it out: nothing to offer
    deployed = deployment.example_version
    if deployed.example_id != assignment.example_id or deployment.status == "removed":
        return None  # another example is wanted there now: that is a redeploy, not an update
    if parse_constraint(assignment.version_constraint).is_exact:
        return None
    resolved = library_index.resolve_version(assignment.example, assignment.version_constraint)
    if resolved.sort_key <= deployed.sort_key or _dismissed_covers(deployment, resolved):
        return None
    return resolved


def _held_version(
    assignment: Assignment, deployment: Deployment | None, resolved: ExampleVersion
) -> ExampleVersion | None:
    if deployment is None or deployment.example_version is None:
        return None
    deployed = deployment.example_version
    if deployed.example_id != assignment.example_id or deployed.id == resolved.id:
        return None
    return deployed if _dismissed_covers(deployment, resolved) else None


def _dismissed_covers(deployment: Deployment, version: ExampleVersion) -> bool:
    dismissed = deployment.dismissed
    return (
        dismissed is not None and dismissed.example_id == version.example_id and version.sort_key <= dismissed.sort_key
    )
