"""The job that rolls a course forward into the next semester, with typed config for the Launchpad."""

from typing import Literal

import dagster as dg
from pydantic import Field

from exlib_assets.defs.deployments.config import actor
from exlib_assets.defs.deployments.partition_sync import add_content_partitions
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.rollforward.materializations import rolled_materializations


class RollForwardConfig(dg.Config):
    source: str = Field(description="The course of the earlier semester, e.g. prog1_2025.")
    course: str = Field(description="The new course's slug, e.g. prog1_2026; it must not exist yet.")
    title: str = Field(default="", description="The new course's title; empty: the earlier course's.")
    versions: Literal["keep", "latest"] = Field(
        default="keep", description="keep: the versions the earlier course holds; latest: the newest allowed."
    )
    carry_customizations: bool = Field(
        default=False,
        description="Carry the lecturer's edits, merged three-way with newer versions; conflicts become proposals.",
    )
    dry_run: bool = Field(default=False, description="Only show what the new course would get; create nothing.")
    requested_by: str = Field(default="", description="Who asked for it, for the history (default: the run's user).")


@dg.op(out=dg.Out(dg.Nothing))
def roll_forward_course(context: dg.OpExecutionContext, config: RollForwardConfig, exlib: ExlibResource):
    """Create the new course from the earlier one and deploy it in one commit."""
    from exlib_assets.core.rollforward import roll_forward

    with exlib.open() as app:
        report = roll_forward(
            app,
            config.source,
            config.course,
            title=config.title or None,
            versions=config.versions,
            carry_customizations=config.carry_customizations,
            dry_run=config.dry_run,
            actor=actor(config, context),
        )
    deployed = rolled_materializations(report)
    add_content_partitions(context.instance, [m.partition for m in deployed])
    yield from deployed
    result = report.to_dict()
    metadata = {
        "from": config.source,
        "course": config.course,
        "contents": dg.MetadataValue.json(result["contents"]),
        "carried": dg.MetadataValue.json(result["carried"]),
        "merged": dg.MetadataValue.json(result["merged"]),
        "deploy_commit": report.deploy_commit or "",
    }
    if not report.ok:
        failed = [entry["path"] for entry in report.contents + report.merged if entry["status"] == "failed"]
        raise dg.Failure(
            description=f"{config.course} was created from {config.source}, but these paths failed: "
            f"{', '.join(failed)}; see `exlib status {config.course}` and deploy them again.",
            metadata=metadata,
        )
    yield dg.Output(None, metadata=metadata)


@dg.job(tags={"exlib/kind": "roll-forward"})
def roll_course_forward():
    """Roll a course forward into the next semester: tree, wishes, policies, release selection,
    deployed in one commit; optionally with the lecturer's edits carried."""
    roll_forward_course()
