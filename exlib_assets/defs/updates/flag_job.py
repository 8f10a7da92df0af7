"""The run that works out which deployments have a newer version: it sets and clears the
"update available" flags and records an observation per changed flag. The `update_availability`
sensor only notices that something flags depend on moved and asks for this run."""

from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.keys import course_content_key
from exlib_assets.defs.deployments.materialize import ASSET_KEY
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.retries import SENSOR_RUN_RETRIES

if TYPE_CHECKING:
    from exlib_assets.core.updates.flags import FlagChange


@dg.op(out=dg.Out(dg.Nothing), retry_policy=SENSOR_RUN_RETRIES)
def flag_deployments(context: dg.OpExecutionContext, exlib: ExlibResource):
    """Set the flag of every deployment whose constraint now wants a newer version, clear those
    that no longer hold; an observation per flag that changed."""
    from exlib_assets.core.updates.flags import refresh_update_flags

    with exlib.open() as app, app.db.session() as session:
        changes = refresh_update_flags(session)
    for change in changes.flagged + changes.cleared:
        context.log_event(flag_observation(change))
    still = sum(map(len, changes.pending.values()))
    context.log.info(f"{len(changes.flagged)} flag(s) set, {len(changes.cleared)} cleared; {still} update(s) available")


def flag_observation(change: "FlagChange") -> dg.AssetObservation:
    return dg.AssetObservation(
        asset_key=ASSET_KEY,
        partition=course_content_key(change.course, change.path),
        description=(
            f"update available: {change.example} {change.deployed} -> {change.available}"
            if change.available
            else f"{change.example}@{change.deployed} is current"
        ),
        metadata={
            "update_available": change.available or "",
            "deployed_version": change.deployed,
            "example": change.example,
        },
    )


@dg.job(tags={"exlib/kind": "update flags"})
def flag_available_updates():
    """Flag the deployments whose constraint now wants a newer version (and clear flags that no
    longer hold), with an observation per changed flag on course_content_deployments."""
    flag_deployments()
