"""The jobs of contributions back to the library, with typed config for the Launchpad."""

from typing import TYPE_CHECKING

import dagster as dg
from pydantic import Field

from exlib_assets.defs.deployments.config import actor
from exlib_assets.defs.resources import ExlibResource

if TYPE_CHECKING:
    from exlib_assets.core.contributions.report import ContributionView


class ContributeConfig(dg.Config):
    course: str = Field(description="Course slug, e.g. prog1_2026.")
    path: str = Field(description="The customized content's path, e.g. week1.caesar.")
    message: str = Field(default="", description="What the change is about; empty: a message naming the content.")
    requested_by: str = Field(default="", description="Who asked for it, for the history (default: the run's user).")


class DecisionConfig(dg.Config):
    contribution: str = Field(description="IDENTIFIER@VERSION as the contribution proposed it, e.g. x.caesar@1.1.")
    requested_by: str = Field(default="", description="Who decided, for the history (default: the run's user).")


def _metadata(view: "ContributionView") -> dict:
    return {
        "contribution": f"{view.example}@{view.proposed_version}",
        "course": view.course,
        "path": view.path,
        "status": view.status,
        "kind": view.kind,
        "files": dg.MetadataValue.json(view.files),
        "branch": view.branch or "",
        "accepted_version": view.accepted_version or "",
        "course_outcome": view.course_outcome or "",
    }


@dg.op(out=dg.Out(dg.Nothing))
def propose_contribution(context: dg.OpExecutionContext, config: ContributeConfig, exlib: ExlibResource):
    """Propose the content's customization as its example's next version."""
    from exlib_assets.core.contributions.contribute import contribute

    with exlib.open() as app:
        view = contribute(app, config.course, config.path, message=config.message or None, actor=actor(config, context))
    yield dg.Output(None, metadata=_metadata(view))


@dg.op(out=dg.Out(dg.Nothing))
def publish_contribution(context: dg.OpExecutionContext, config: DecisionConfig, exlib: ExlibResource):
    """Publish the contribution as the example's next version; its course then holds it."""
    from exlib_assets.core.contributions.decide import accept

    with exlib.open() as app:
        view = accept(app, config.contribution, actor=actor(config, context))
    yield dg.Output(None, metadata=_metadata(view))


@dg.op(out=dg.Out(dg.Nothing))
def drop_contribution(context: dg.OpExecutionContext, config: DecisionConfig, exlib: ExlibResource):
    """Drop the contribution; its course keeps its edits."""
    from exlib_assets.core.contributions.decide import reject

    with exlib.open() as app:
        view = reject(app, config.contribution, actor=actor(config, context))
    yield dg.Output(None, metadata=_metadata(view))


@dg.job(tags={"exlib/kind": "contribution"})
def contribute_to_library():
    """Propose a lecturer's edits of a content back to the library: a branch in the example's git
    source, or a pre-release an admin accepts or rejects."""
    propose_contribution()


@dg.job(tags={"exlib/kind": "contribution"})
def accept_contribution():
    """Publish a contribution as its example's next version (an admin's decision)."""
    publish_contribution()


@dg.job(tags={"exlib/kind": "contribution"})
def reject_contribution():
    """Drop a contribution (an admin's decision)."""
    drop_contribution()
