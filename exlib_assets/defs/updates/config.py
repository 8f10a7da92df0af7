"""The typed configuration of the update jobs on the Launchpad."""

from typing import Literal

import dagster as dg
from pydantic import Field


class UpdateConfig(dg.Config):
    course: str = Field(description="Course slug, e.g. prog1_2026.")
    paths: list[str] = Field(
        default_factory=list, description="Content paths to update; empty for every one with a newer version."
    )
    strategy: Literal["", "overwrite", "merge", "skip"] = Field(
        default="",
        description="overwrite (local edits go, git history keeps them), merge (three-way; conflicts become "
        "a proposal branch) or skip (dismiss this version); empty: each content's own, else the course's.",
    )
    propose: bool = Field(default=False, description="Put every update on a proposal branch instead of main.")
    by_policy: bool = Field(
        default=False, description="Let the course's update policy (propose / auto) decide; set by the sensor."
    )
    dry_run: bool = Field(default=False, description="Only show what each path would get; change nothing.")
    requested_by: str = Field(default="", description="Who asked for it, for the history (default: the run's user).")


class RollbackConfig(dg.Config):
    course: str = Field(description="Course slug, e.g. prog1_2026.")
    path: str = Field(description="Content path, e.g. week1.hello_world.")
    to_version: str = Field(default="", description="A version the content held before; empty: the previous one.")
    strategy: Literal["", "overwrite", "merge"] = Field(
        default="", description="What happens to local edits; empty: the content's or the course's strategy."
    )
    requested_by: str = Field(default="", description="Who asked for it, for the history (default: the run's user).")


class ScanConfig(dg.Config):
    courses: list[str] = Field(
        default_factory=list, description="Course slugs whose assignments repository to read; empty for every course."
    )
