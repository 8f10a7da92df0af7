"""What a contribution is, as commands and the API show it."""

from dataclasses import asdict, dataclass, field

from exlib_assets.core.db.models import Contribution


@dataclass
class ContributionView:
    id: int
    course: str
    path: str
    example: str
    base_version: str
    proposed_version: str
    kind: str  # branch | prerelease
    status: str  # open | accepted | rejected
    files: list[str] = field(default_factory=list)
    source: str | None = None
    branch: str | None = None
    merge_request_url: str | None = None
    message: str | None = None
    contributed_by: str | None = None
    accepted_version: str | None = None
    resolved_by: str | None = None
    # What accepting did to the contributing course's content (its outcome), when it did something.
    course_outcome: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def view_of(row: Contribution) -> ContributionView:
    return ContributionView(
        id=row.id,
        course=row.course.slug,
        path=row.content_path,
        example=row.example_identifier,
        base_version=row.base_version,
        proposed_version=row.proposed_version,
        kind=row.kind,
        status=row.status,
        files=list(row.files or []),
        source=row.source_name,
        branch=row.branch,
        merge_request_url=row.merge_request_url,
        message=row.message,
        contributed_by=row.actor,
        accepted_version=row.accepted_version,
        resolved_by=row.resolved_by,
    )
