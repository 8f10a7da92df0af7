"""Request and response bodies of the roll-forward endpoint."""

from typing import Literal

from pydantic import Field

from exlib_assets.api.schemas import Body, Request


class RollForwardRequest(Request):
    to: str = Field(max_length=100, description="The new course's slug (e.g. prog1_2026); it must not exist yet.")
    title: str | None = Field(default=None, max_length=300, description="Its title; default: the earlier course's.")
    versions: Literal["keep", "latest"] = Field(
        default="keep", description="keep: the versions the course holds; latest: the newest each constraint allows."
    )
    carry_customizations: bool = Field(
        default=False, description="Carry the lecturer's edits, merged three-way; conflicts become proposals."
    )
    dry_run: bool = Field(default=False, description="Only say what the new course would get; create nothing.")


class RolledContent(Body):
    path: str
    example: str | None
    version: str | None
    status: str
    branch: str | None = None
    conflicts: list[str] = Field(default_factory=list)
    reason: str | None = None


class CarriedEdits(Body):
    path: str
    changes: list[str]


class RollForwardResult(Body):
    source: str = Field(description="The earlier course.")
    course: str = Field(description="The new course.")
    versions: str
    dry_run: bool
    contents: list[RolledContent]
    deploy_commit: str | None
    carried: list[CarriedEdits]
    carry_commit: str | None
    merged: list[RolledContent]
    merge_commit: str | None
