"""Where each content of a course stands: what it wants, what it holds, whether a newer version
is offered, whether a lecturer changed it, and any proposal waiting for review."""

from dataclasses import dataclass, field

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.deployments.proposal_records import open_proposals
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.updates.flags import refresh_update_flags
from exlib_assets.core.updates.scan import scan_course
from exlib_assets.core.verification.records import verdicts_for


@dataclass
class ContentStatus:
    path: str
    example: str
    constraint: str | None
    deployed: str | None
    status: str
    update_available: str | None = None
    dismissed: str | None = None
    customized: list[str] = field(default_factory=list)
    customized_commit: str | None = None
    commit: str | None = None
    reason: str | None = None
    proposal_branch: str | None = None
    proposal_conflicts: list[str] = field(default_factory=list)
    merge_request_url: str | None = None
    # The verification verdict of the deployed version (passed | failed | no runner), if it has one.
    verdict: str | None = None


@dataclass
class CourseStatus:
    course: str
    update_policy: str
    update_strategy: str
    contents: list[ContentStatus]
    # Why the repository could not be read this time (the database's last view is shown).
    scan_problem: str | None = None
    scanned_commit: str | None = None
    verification_policy: str = "off"


def status_of_contents(app: App, slug: str, *, refresh: bool = True) -> CourseStatus:
    """The status of every assigned or deployed content of `slug`; with `refresh`, the repository
    is read for changes and the update flags recomputed first."""
    problem = None
    if refresh:
        with app.db.session() as session:
            courses.require_course(session, slug)
        try:
            scan_course(app, slug)
        except ExlibError as error:
            problem = str(error)
        with app.db.session() as session:
            refresh_update_flags(session, slug)
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        proposals = {p.content_id: p for p in open_proposals(session, course)}
        contents = courses.contents_under(session, course, with_deployments=True)
        verdicts = verdicts_for(
            session,
            [c.deployment.example_version_id for c in contents if c.deployment and c.deployment.example_version_id],
        )
        rows = []
        for content in contents:
            row = content.deployment
            if content.assignment is None and (row is None or row.example_version is None):
                continue
            proposal = proposals.get(content.id)
            version = row.example_version if row else None
            example = content.assignment.example if content.assignment else version.example
            rows.append(
                ContentStatus(
                    path=content.path,
                    example=example.identifier,
                    constraint=content.assignment.version_constraint if content.assignment else None,
                    deployed=version.tag if version else None,
                    status="archived" if content.archived else (row.status if row else "not deployed"),
                    update_available=row.update_available.tag if row and row.update_available else None,
                    dismissed=row.dismissed.tag if row and row.dismissed else None,
                    customized=list(row.customized_files or []) if row else [],
                    customized_commit=row.customized_commit if row else None,
                    commit=row.commit_sha if row else None,
                    reason=row.status_reason if row else None,
                    proposal_branch=proposal.branch if proposal else None,
                    proposal_conflicts=list(proposal.conflicts) if proposal else [],
                    merge_request_url=proposal.merge_request_url if proposal else None,
                    verdict=verdicts[version.id].verdict if version and version.id in verdicts else None,
                )
            )
        return CourseStatus(
            slug,
            course.update_policy,
            course.update_strategy,
            rows,
            problem,
            course.scanned_commit,
            verification_policy=course.verification_policy,
        )
