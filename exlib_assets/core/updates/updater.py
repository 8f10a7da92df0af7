"""Bringing deployments to the newer version their constraint wants, in one commit per course.

Each path's strategy comes from the request, else its assignment, else the course:
`overwrite` replaces the folder (edits stay in git history), `merge` merges three-way and
leaves conflicts on a proposal branch, `skip` dismisses the version without touching the
repository. A run driven by the course's policy puts updates on proposal branches
(`propose`), or applies clean updates of uncustomized deployments and proposes the rest (`auto`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Course, CourseContent, DeploymentEvent, ExampleVersion
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome, Progress
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.deployments.wanted import available_update, wanted_version
from exlib_assets.core.errors import ExlibError, NotFoundError

UPDATE_STRATEGIES = ("overwrite", "merge", "skip")
POLICIES = ("off", "propose", "auto")


@dataclass(frozen=True)
class _Planned:
    path: str
    strategy: str
    example: str
    deployed: str
    offered: str | None
    outcome: PathOutcome | None  # set when nothing is to be done for this path


def update_course(
    app: App,
    slug: str,
    paths: list[str] | None = None,
    *,
    strategy: str | None = None,
    by_policy: bool = False,
    propose: bool = False,
    dry_run: bool = False,
    actor: str = "exlib",
    progress: Progress | None = None,
) -> DeployReport:
    """Update the deployments of `slug` that have a newer version (or those at `paths`).

    `by_policy` lets the course's update policy decide what lands on main and what is proposed
    (the sensor's runs); `propose` puts every update on a proposal branch.
    """
    if strategy is not None and strategy not in UPDATE_STRATEGIES:
        raise ExlibError(f"unknown update strategy {strategy!r}; use one of {', '.join(UPDATE_STRATEGIES)}.")
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        planned = _plan(session, course, paths, strategy)
        proposals = "all" if propose else "conflicts"
        if by_policy:
            if course.update_policy == "off":
                raise ExlibError(
                    f"course {slug} has update policy `off`: its updates are only flagged. Update it by request "
                    f"(`exlib update {slug}`), or let the policy act: `exlib course set {slug} --update-policy auto`."
                )
            proposals = "all" if course.update_policy == "propose" else "customized"
        if not dry_run:
            _skip(session, course, [p for p in planned if p.strategy == "skip" and p.outcome is None], actor)
    to_deploy = {p.path: p.strategy for p in planned if p.outcome is None and p.strategy != "skip"}
    if to_deploy:
        request = DeployRequest.update(slug, to_deploy, proposals=proposals, dry_run=dry_run, actor=actor)
        report = deploy_course(app, request, progress)
    else:
        report = DeployReport(course=slug, dry_run=dry_run)
    report.outcomes += [_skipped(p) for p in planned if p.strategy == "skip" and p.outcome is None]
    report.outcomes += [p.outcome for p in planned if p.outcome is not None]
    report.outcomes.sort(key=lambda outcome: outcome.path)
    return report


def strategy_for(content: CourseContent, requested: str | None) -> str:
    """The request's strategy, else the content's own, else its course's."""
    own = content.assignment.update_strategy if content.assignment else None
    return requested or own or content.course.update_strategy


def _plan(session: Session, course: Course, paths: list[str] | None, strategy: str | None) -> list[_Planned]:
    contents = [courses.require_content(session, course, path) for path in paths] if paths else course.contents
    planned = []
    for content in contents:
        row = content.deployment
        if row is None or row.example_version is None:
            if paths:
                raise NotFoundError(
                    f"{course.slug}/{content.path} has nothing deployed to update; deploy it first "
                    f"(`exlib deploy {course.slug} {content.path}`)."
                )
            continue
        chosen = strategy_for(content, strategy)
        offered = available_update(content.assignment, row) or (_pinned_ahead(content) if paths else None)
        example, deployed = row.example_version.example.identifier, row.example_version.tag
        if offered is None:
            if paths:
                outcome = PathOutcome(
                    content.path, "unchanged", example, deployed, reason="up to date", from_version=deployed
                )
                planned.append(_Planned(content.path, chosen, example, deployed, None, outcome))
            continue
        planned.append(_Planned(content.path, chosen, example, deployed, offered.tag, None))
    return planned


def _pinned_ahead(content: CourseContent) -> ExampleVersion | None:
    """The version an exact pin names when it is newer than the one deployed. A pin is never
    flagged as an update, but an update request naming its path brings it there."""
    assignment, row = content.assignment, content.deployment
    if assignment is None or content.archived or row.status == "removed":
        return None
    if row.example_version.example_id != assignment.example_id:
        return None  # another example is wanted there: that is a redeploy, not an update
    wanted = wanted_version(assignment, row)
    return wanted if wanted.sort_key > row.example_version.sort_key else None


def _skip(session: Session, course: Course, skipped: list[_Planned], actor: str) -> None:
    """Dismiss the offered version: not flagged again until a newer one appears."""
    for planned in skipped:
        content = courses.require_content(session, course, planned.path)
        row = content.deployment
        offered = available_update(content.assignment, row) or _pinned_ahead(content)
        row.dismissed, row.update_available = offered, None
        session.add(
            DeploymentEvent(
                course_id=course.id,
                content_path=content.path,
                event="skipped",
                example_identifier=offered.example.identifier,
                from_version=row.example_version.tag,
                to_version=offered.tag,
                actor=actor,
                details={"at": datetime.now(UTC).isoformat(timespec="seconds")},
            )
        )


def _skipped(planned: _Planned) -> PathOutcome:
    return PathOutcome(
        planned.path,
        "skipped",
        planned.example,
        planned.offered,
        reason=f"{planned.offered} skipped; stays at {planned.deployed} until a newer version appears",
        from_version=planned.deployed,
    )
