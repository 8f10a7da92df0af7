"""Typed Launchpad configuration of the lecturer's actions; every choice is an enum whose default
(`unchanged`) leaves the setting as it is, so a lecturer fills in only what changes."""

from typing import Literal

import dagster as dg
from pydantic import Field

UNCHANGED = "unchanged"


class UnassignConfig(dg.Config):
    course: str = Field(description="Course slug, e.g. prog1_2026.")
    path: str = Field(description="Content path, e.g. week1.hello_world; the next deploy removes its folder.")
    deploy: bool = Field(
        default=True, description="Remove the folder from the assignments repository in this run (one commit)."
    )
    requested_by: str = Field(default="", description="Who asked for it, for the history (default: the run's user).")


class CourseSettingsConfig(dg.Config):
    course: str = Field(description="Course slug, e.g. prog1_2026.")
    update_policy: Literal["unchanged", "off", "propose", "auto"] = Field(
        default=UNCHANGED,
        description="When a newer version appears: off only flags it; propose prepares a branch per update; "
        "auto applies clean updates of unedited contents and proposes the rest.",
    )
    update_strategy: Literal["unchanged", "overwrite", "merge", "skip"] = Field(
        default=UNCHANGED, description="How updates treat the lecturer's edits unless a request says otherwise."
    )
    template_policy: Literal["unchanged", "manual", "auto"] = Field(
        default=UNCHANGED, description="auto: rebuild the student template after deployments change."
    )
    verification: Literal["unchanged", "off", "warn", "require"] = Field(
        default=UNCHANGED, description="Whether deploys look at the examples' test verdicts."
    )
    no_runner: Literal["unchanged", "allow", "refuse"] = Field(
        default=UNCHANGED, description="Under verification require: whether a `no runner` verdict may deploy."
    )
    tests_after_deploy: Literal["unchanged", "on", "off"] = Field(
        default=UNCHANGED, description="on: run the deployed contents' tests in the repository after each deploy."
    )
    language: str = Field(
        default="",
        description="The language students read (de, pt-BR), `none` for each example's own; empty: unchanged.",
    )
    archive: list[str] = Field(
        default_factory=list, description="Content paths to archive (left out of deploys and the student template)."
    )
    content: str = Field(
        default="",
        description="A content path (week1.hello_world) whose own values for the student meta.yaml follow; "
        "they never make the content customized and stay through updates and roll-forward.",
    )
    title: str = Field(default="", description="With content: the title students see; empty: unchanged.")
    points: str = Field(default="", description="With content: the points it is worth (e.g. 10); empty: unchanged.")
    deadline: str = Field(
        default="", description="With content: its deadline, ISO 8601 (2027-01-31); empty: unchanged."
    )
    clear: list[str] = Field(
        default_factory=list,
        description="With content: values to drop (title, points, deadline), so the example's own apply again.",
    )
