"""What a course rolled forward takes from the one before: its tree, wishes, policies and versions."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import Course

VERSION_CHOICES = ("keep", "latest")


@dataclass(frozen=True)
class PlannedContent:
    path: str
    title: str | None
    archived: bool
    example: str | None = None
    constraint: str | None = None
    update_strategy: str | None = None
    settings: dict | None = None  # the course's own title, points, deadline for the student meta.yaml
    # The version the earlier course holds there, and the one the new course will get.
    held: str | None = None
    to_deploy: str | None = None


@dataclass(frozen=True)
class RollForwardPlan:
    source: str
    title: str | None
    update_policy: str
    update_strategy: str
    template_policy: str
    released_paths: list | None
    contents: list[PlannedContent]

    @property
    def targets(self) -> dict[str, str]:
        """{path: version} for the deploy: what each assigned content gets."""
        return {c.path: c.to_deploy for c in self.contents if c.example and c.to_deploy}


def plan_roll_forward(session: Session, source: Course, versions: str) -> RollForwardPlan:
    """Read course `source` into a plan; `keep` deploys the versions it holds, `latest` the newest
    each constraint allows (also where `source` holds none yet)."""
    contents = []
    for content in courses.contents_under(session, source, with_deployments=True):
        assignment, row = content.assignment, content.deployment
        if assignment is None:
            contents.append(PlannedContent(content.path, content.title, content.archived, settings=content.settings))
            continue
        held = row.example_version.tag if row and row.example_version is not None else None
        if held is not None and row.example_version.example_id != assignment.example_id:
            held = None  # another example is wanted there than the one deployed: deploy the wish
        newest = library_index.resolve_version(assignment.example, assignment.version_constraint).tag
        contents.append(
            PlannedContent(
                content.path,
                content.title,
                content.archived,
                example=assignment.example.identifier,
                constraint=assignment.version_constraint,
                update_strategy=assignment.update_strategy,
                settings=content.settings,
                held=held,
                to_deploy=held if versions == "keep" and held is not None else newest,
            )
        )
    return RollForwardPlan(
        source=source.slug,
        title=source.title,
        update_policy=source.update_policy,
        update_strategy=source.update_strategy,
        template_policy=source.template_policy,
        released_paths=list(source.released_paths) if source.released_paths is not None else None,
        contents=contents,
    )
