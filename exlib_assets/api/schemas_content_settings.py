"""Request and answer of a content's own values for its student meta.yaml."""

from typing import Literal

from pydantic import BaseModel, Field

from exlib_assets.api.schemas import Request


class ContentSettingsChange(Request):
    title: str | None = Field(default=None, max_length=300, description="The title students see.")
    points: float | None = Field(default=None, ge=0, le=1_000_000, description="The points it is worth.")
    deadline: str | None = Field(default=None, max_length=40, description="Its deadline, ISO 8601 (2027-01-31).")
    clear: list[Literal["title", "points", "deadline"]] = Field(
        default_factory=list, max_length=3, description="Values to drop, so the example's own apply again."
    )


class ContentSettings(BaseModel):
    course: str
    path: str
    settings: dict[str, str | int | float] = Field(
        description="The values the student meta.yaml carries over the example's own (none: the example's)."
    )
