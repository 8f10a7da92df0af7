"""The cheap questions the update sensor asks on every tick, before any run computes a flag.

Flags depend on the library's versions, on what each content wants and holds (every change of
those adds a history row), on archived contents and on each course's update policy. Their
newest ids and a few counts say whether anything moved; working out which deployment wants
which version is the run's job (`flags.refresh_update_flags`).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core.db.models import (
    Course,
    CourseContent,
    Deployment,
    DeploymentEvent,
    ExampleVersion,
    UpdateProposal,
)

# The history row a flag run writes itself: it must not ask for another flag run.
FLAG_EVENT = "update_available"


@dataclass(frozen=True)
class UpdateSignals:
    newest_version: int
    # The newest history row other than a flag: a deploy, update, skip, rollback, new wish, scan.
    newest_change: int
    newest_flag: int
    archived_contents: int
    # `slug=policy` of every course whose policy acts on flags (propose, auto).
    acting_policies: tuple[str, ...]

    def flags_input(self) -> str:
        """What the flags are computed from: when it moves, the flags need computing again."""
        return f"versions:{self.newest_version}|changes:{self.newest_change}|archived:{self.archived_contents}"

    def policy_input(self) -> str:
        """What the policy acts on: set flags, the history (proposals opened or ended) and the
        policies themselves."""
        policies = ",".join(self.acting_policies)
        return f"flags:{self.newest_flag}|changes:{self.newest_change}|policies:{policies}"


def read_update_signals(session: Session) -> UpdateSignals:
    """A handful of aggregate reads; no deployment is looked at one by one."""
    newest_change = sa.select(sa.func.max(DeploymentEvent.id)).where(DeploymentEvent.event != FLAG_EVENT)
    newest_flag = sa.select(sa.func.max(DeploymentEvent.id)).where(DeploymentEvent.event == FLAG_EVENT)
    archived = sa.select(sa.func.count(CourseContent.id)).where(CourseContent.archived.is_(True))
    policies = sa.select(Course.slug, Course.update_policy).where(Course.update_policy != "off").order_by(Course.slug)
    return UpdateSignals(
        newest_version=session.scalar(sa.select(sa.func.max(ExampleVersion.id))) or 0,
        newest_change=session.scalar(newest_change) or 0,
        newest_flag=session.scalar(newest_flag) or 0,
        archived_contents=session.scalar(archived) or 0,
        acting_policies=tuple(f"{slug}={policy}" for slug, policy in session.execute(policies)),
    )


@dataclass(frozen=True)
class PolicyUpdate:
    path: str
    version: str


def updates_for_policies(session: Session) -> dict[str, list[PolicyUpdate]]:
    """Per course with policy `propose` or `auto`: the flagged deployments (path, offered
    version) that no open proposal holds yet, from the flags the last flag run wrote."""
    flagged = session.execute(
        sa.select(Course.slug, CourseContent.path, ExampleVersion.tag)
        .join(CourseContent, CourseContent.course_id == Course.id)
        .join(Deployment, Deployment.content_id == CourseContent.id)
        .join(ExampleVersion, ExampleVersion.id == Deployment.update_available_version_id)
        .where(Course.update_policy != "off")
        .order_by(Course.slug, CourseContent.path)
    ).all()
    if not flagged:
        return {}
    proposed = set(
        session.execute(
            sa.select(Course.slug, UpdateProposal.content_path, UpdateProposal.to_version)
            .join(Course, Course.id == UpdateProposal.course_id)
            .where(UpdateProposal.status == "open")
        ).all()
    )
    due: dict[str, list[PolicyUpdate]] = {}
    for slug, path, version in flagged:
        if (slug, path, version) not in proposed:
            due.setdefault(slug, []).append(PolicyUpdate(path, version))
    return due
