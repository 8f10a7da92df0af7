"""Roll a course forward into the next semester.

The new course gets the earlier one's content tree, assignments and constraints, policies and
release selection, and is deployed in one commit through the usual deploy. With
`carry_customizations`, the lecturer's edits of the earlier course are then carried over: each
edited content first gets the version the edits were made on, the edits land on it in one
commit, and where `latest` wants a newer version the usual three-way merge of an update brings
it, a conflict going to a proposal branch instead of main.
"""

from dataclasses import dataclass, field, replace

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import check_course_slug
from exlib_assets.core.db.models import CourseContent, DeploymentEvent
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.outcomes import DeployReport
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.rollforward.carry import read_edits, write_edits
from exlib_assets.core.rollforward.plan import VERSION_CHOICES, RollForwardPlan, plan_roll_forward
from exlib_assets.core.updates.scan import scan_course


@dataclass
class RollForwardReport:
    source: str
    course: str
    versions: str
    dry_run: bool
    contents: list[dict] = field(default_factory=list)
    deploy_commit: str | None = None
    carried: list[dict] = field(default_factory=list)
    carry_commit: str | None = None
    merged: list[dict] = field(default_factory=list)
    merge_commit: str | None = None

    @property
    def ok(self) -> bool:
        return all(entry["status"] != "failed" for entry in self.contents + self.merged)

    def to_dict(self) -> dict:
        return {
            "from": self.source,
            "course": self.course,
            "versions": self.versions,
            "dry_run": self.dry_run,
            "contents": self.contents,
            "deploy_commit": self.deploy_commit,
            "carried": self.carried,
            "carry_commit": self.carry_commit,
            "merged": self.merged,
            "merge_commit": self.merge_commit,
        }


def roll_forward(
    app: App,
    source: str,
    target: str,
    *,
    title: str | None = None,
    versions: str = "keep",
    carry_customizations: bool = False,
    dry_run: bool = False,
    actor: str = "exlib",
) -> RollForwardReport:
    """Create course `target` from course `source` and deploy it; see the module's description."""
    if versions not in VERSION_CHOICES:
        raise ExlibError(f"unknown --versions {versions!r}; use `keep` (the versions {source} holds) or `latest`.")
    with app.db.session() as session:
        earlier = courses.require_course(session, source)
        check_course_slug(target)
        existing = courses.find_course(session, target)
        if existing is not None and existing.rolled_from_id == earlier.id:
            raise ExlibError(
                f"course {target!r} was already rolled forward from {source!r}. If that run stopped half-way, "
                f"finish it: `exlib deploy {target}` deploys what is missing, `exlib update {target} --strategy merge` "
                "brings newer versions; edits are carried only once, by the roll-forward itself."
            )
        if existing is not None:
            raise ExlibError(
                f"course {target!r} exists already; roll forward into a new slug (e.g. the next semester's)."
            )
        plan = plan_roll_forward(session, earlier, versions)
    report = RollForwardReport(source=source, course=target, versions=versions, dry_run=dry_run)
    held = [c.path for c in plan.contents if c.example and c.held]
    edits = read_edits(app, source, held) if carry_customizations else []
    report.carried = [{"path": edit.path, "changes": edit.changes} for edit in edits]
    # An edited content starts at the version its edits were made on; the rest go straight to their target.
    first = _at_held_versions(plan, {edit.path for edit in edits})
    if dry_run:
        report.contents = [_planned_entry(c.path, c.example, c.to_deploy) for c in plan.contents if c.example]
        return report

    _create(app, plan, target, title, actor)
    deployed = deploy_course(app, DeployRequest.roll_forward(target, first.targets, actor=actor))
    report.deploy_commit = deployed.commit
    report.contents = _entries(deployed)
    if edits:
        report.carry_commit = write_edits(app, target, edits, source=source, actor=actor)
        # The carried folders count as customized at once, as a lecturer's push would after a scan.
        scan_course(app, target)
        newer = sorted(path for path, version in plan.targets.items() if first.targets.get(path) != version)
        if newer:
            merged = deploy_course(app, DeployRequest.update(target, dict.fromkeys(newer, "merge"), actor=actor))
            report.merge_commit = merged.commit
            report.merged = _entries(merged)
    return report


def _at_held_versions(plan: RollForwardPlan, paths: set[str]) -> RollForwardPlan:
    """`plan` with each content at `paths` getting the version the earlier course holds there."""
    return replace(plan, contents=[replace(c, to_deploy=c.held) if c.path in paths else c for c in plan.contents])


def _create(app: App, plan: RollForwardPlan, target: str, title: str | None, actor: str) -> None:
    """The new course with the earlier one's tree, wishes, policies and release selection, in one transaction."""
    with app.db.session() as session:
        earlier = courses.require_course(session, plan.source)
        course = courses.create_course(session, app.git_host, target, title or plan.title)
        course.rolled_from_id = earlier.id
        course.update_policy = plan.update_policy
        course.update_strategy = plan.update_strategy
        course.template_policy = plan.template_policy
        course.released_paths = plan.released_paths
        # Settings that are no part of the plan's preview come straight from the earlier course.
        course.language = earlier.language
        course.verification_policy = earlier.verification_policy
        course.verification_allows_no_runner = earlier.verification_allows_no_runner
        course.tests_after_deploy = earlier.tests_after_deploy
        library = library_index.get_or_create_library(session, app.storage.library)
        for planned in plan.contents:
            content: CourseContent = courses.add_content(session, course, planned.path, planned.title)
            content.archived = planned.archived
            content.settings = dict(planned.settings) if planned.settings else None
            if planned.example:
                courses.assign(session, library, content, planned.example, planned.constraint, actor=actor)
                content.assignment.update_strategy = planned.update_strategy
        session.add(
            DeploymentEvent(
                course_id=course.id,
                event="rolled_forward",
                actor=actor,
                details={"from": plan.source, "versions": [c.to_deploy for c in plan.contents if c.example]},
            )
        )


def _entries(report: DeployReport) -> list[dict]:
    return [
        {
            "path": outcome.path,
            "example": outcome.example,
            "version": outcome.version,
            "status": outcome.status,
            "branch": outcome.branch,
            "conflicts": outcome.conflicts,
            "reason": outcome.reason,
        }
        for outcome in report.outcomes
    ]


def _planned_entry(path: str, example: str | None, version: str | None) -> dict:
    return {
        "path": path,
        "example": example,
        "version": version,
        "status": "planned",
        "branch": None,
        "conflicts": [],
        "reason": None,
    }
