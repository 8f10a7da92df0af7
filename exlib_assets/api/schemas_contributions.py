"""Request and response bodies of the contribution endpoints."""

from pydantic import Field

from exlib_assets.api.schemas import Body, Request


class ContributeRequest(Request):
    message: str | None = Field(default=None, max_length=2000, description="What the change is about.")


class ContributionResult(Body):
    id: int
    course: str
    path: str
    example: str
    base_version: str = Field(description="The version the course held; the edits are against it.")
    proposed_version: str = Field(description="`1.1` on a source branch, `1.1-contrib.1` as a pre-release.")
    kind: str = Field(description="branch (in the example's git source) | prerelease (in the library).")
    status: str = Field(description="open | accepted | rejected")
    files: list[str] = Field(description="`+added`, `~changed`, `-removed` files of the content.")
    source: str | None
    branch: str | None
    merge_request_url: str | None
    message: str | None
    contributed_by: str | None
    accepted_version: str | None
    resolved_by: str | None
    course_outcome: str | None = Field(description="What accepting did to the contributing course's content.")


class Contributions(Body):
    contributions: list[ContributionResult]
