"""Once a contribution has become a version, the course it came from holds that version.

The course's folder already holds the contributed files, so the version is brought in by the
same three-way merge as an update (the version the course held is the base): the edits are
what the new version says, the merge is clean, and the content is no longer customized nor
offered the update. An exact pin on the version the course held moves to the new one, since
the lecturer's content is that version now.
"""

from datetime import UTC, datetime

import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Contribution, DeploymentEvent
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.updates.updater import update_course
from exlib_assets.core.versions import parse_constraint, parse_version


def record_decision(session, row: Contribution, actor: str, *, accepted_version: str | None = None) -> None:
    """Close contribution `row`: accepted as `accepted_version`, or rejected when that is None;
    the course's history says who decided and what the contribution was."""
    accepted = accepted_version is not None
    row.status = "accepted" if accepted else "rejected"
    if accepted:
        row.accepted_version = accepted_version
    row.resolved_by, row.resolved_at = actor, datetime.now(UTC)
    session.add(
        DeploymentEvent(
            course_id=row.course_id,
            content_path=row.content_path,
            event="contribution_accepted" if accepted else "contribution_rejected",
            example_identifier=row.example_identifier,
            # Accepted: from the pre-release to the version it became; rejected: what was proposed.
            from_version=row.proposed_version if accepted else row.base_version,
            to_version=accepted_version if accepted else row.proposed_version,
            actor=actor,
            details={"contributed_by": row.actor, "files": list(row.files or []), "branch": row.branch},
        )
    )


def bring_contributor_up(app: App, contribution_id: int, actor: str) -> str:
    """Make the contributing course's content hold the accepted version; its outcome, in a few words."""
    with app.db.session() as session:
        row = session.get(Contribution, contribution_id)
        slug, path, version = row.course.slug, row.content_path, row.accepted_version
        content = courses.find_content(session, row.course, path)
        assignment = content.assignment if content else None
        if assignment is None or assignment.example.identifier != row.example_identifier:
            return f"not updated: {slug}/{path} no longer wants {row.example_identifier}"
        constraint = parse_constraint(assignment.version_constraint)
        if constraint.is_exact and constraint.allows(parse_version(row.base_version)):
            library = library_index.get_or_create_library(session, app.storage.library)
            courses.assign(session, library, content, row.example_identifier, version, actor=actor)
    try:
        report = update_course(app, slug, [path], strategy="merge", actor=actor)
    except ExlibError as error:
        return f"not updated: {error}"
    [outcome] = [o for o in report.outcomes if o.path == path]
    return f"{outcome.status} {outcome.version}" + (f" ({outcome.reason})" if outcome.reason else "")


def settle_merged_branches(app: App, actor: str = "exlib") -> list[str]:
    """Open branch contributions whose version the library now has (their merge request was merged and
    the source synced): mark them accepted and bring their courses up. The references settled."""
    settled = []
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        open_rows = session.scalars(
            sa.select(Contribution).where(Contribution.status == "open", Contribution.kind == "branch")
        ).all()
        ready = []
        for row in open_rows:
            example = library_index.find_example(session, library, row.example_identifier)
            if example is not None and library_index.find_version(example, row.proposed_version) is not None:
                record_decision(session, row, actor, accepted_version=row.proposed_version)
                ready.append(row.id)
                settled.append(f"{row.example_identifier}@{row.proposed_version}")
    for contribution_id in ready:
        bring_contributor_up(app, contribution_id, actor)
    return settled
