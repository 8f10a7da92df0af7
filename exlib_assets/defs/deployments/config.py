"""The typed configuration a lecturer fills in on the Launchpad."""

import dagster as dg
from pydantic import Field


class DeployConfig(dg.Config):
    course: str = Field(description="Course slug, e.g. prog1_2026.")
    paths: list[str] = Field(
        default_factory=list, description="Content paths (week1.hello_world); empty for every assigned content."
    )
    overwrite: bool = Field(
        default=False, description="Replace local edits, other examples and content not from the library."
    )
    with_dependencies: bool = Field(
        default=False, description="Assign and deploy missing dependencies next to the content needing them."
    )
    requested_by: str = Field(default="", description="Who asked for it, for the history (default: the run's user).")


class AssignConfig(dg.Config):
    course: str = Field(description="Course slug, e.g. prog1_2026.")
    path: str = Field(description="Content path, e.g. week1.hello_world; created with its parents if missing.")
    example: str = Field(description="Example identifier, e.g. itpcp.py.caesar.")
    version: str = Field(default="latest", description="A version (1.2), a constraint (^1.2, >=1,<2) or latest.")
    title: str | None = Field(default=None, description="Title of the content, if it is created or renamed.")
    requested_by: str = Field(default="", description="Who asked for it, for the history (default: the run's user).")


def actor(config: dg.Config, context: dg.OpExecutionContext) -> str:
    """Who asked: the config's `requested_by`, else the run's user."""
    return config.requested_by or run_actor(context)


def run_actor(context: dg.OpExecutionContext) -> str:
    """The run's user (the CLI and the API tag their runs with it), else the run itself, so the
    history always leads back to someone or to a run in the UI."""
    return context.run.tags.get("user") or f"dagster run {context.run_id}"
