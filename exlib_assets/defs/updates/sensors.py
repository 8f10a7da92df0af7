"""Sensors that keep courses current: flag "update available" and act on the course's policy,
and notice which assignments repositories moved so a run reads them."""

import hashlib
from datetime import UTC, datetime

import dagster as dg
import sqlalchemy as sa

from exlib_assets.core.db.models import Course, UpdateProposal
from exlib_assets.core.partition_keys import course_content_key
from exlib_assets.core.updates.flags import FlagChange, refresh_update_flags
from exlib_assets.core.updates.repository_watch import courses_to_scan
from exlib_assets.defs.deployments.materialize import ASSET_KEY
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.updates.config import ScanConfig
from exlib_assets.defs.updates.jobs import update_course_contents
from exlib_assets.defs.updates.scan_job import scan_assignments_repositories

SENSOR_ACTOR = "exlib (update policy)"


@dg.sensor(
    job=update_course_contents,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Flags every deployment whose constraint now wants a newer version (and clears flags that "
    "no longer hold); for courses with update policy `propose` or `auto`, starts the update run.",
)
def update_availability(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    with exlib.open() as app, app.db.session() as session:
        changes = refresh_update_flags(session)
        policies = {slug: policy for slug, policy in session.execute(sa.select(Course.slug, Course.update_policy))}
        proposed = {
            (slug, path, version)
            for slug, path, version in session.execute(
                sa.select(Course.slug, UpdateProposal.content_path, UpdateProposal.to_version)
                .join(Course, Course.id == UpdateProposal.course_id)
                .where(UpdateProposal.status == "open")
            )
        }
    observations = [_flag_observation(change) for change in changes.flagged + changes.cleared]
    requests = []
    for slug, pending in sorted(changes.pending.items()):
        if policies.get(slug, "off") == "off":
            continue
        todo = [c for c in pending if (slug, c.path, c.available) not in proposed]
        if todo:
            requests.append(_update_request(slug, todo))
    if not observations and not requests:
        return dg.SkipReason(f"no flag changed; {sum(map(len, changes.pending.values()))} update(s) still available")
    return dg.SensorResult(run_requests=requests, asset_events=observations)


def _flag_observation(change: FlagChange) -> dg.AssetObservation:
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


def _update_request(slug: str, todo: list[FlagChange]) -> dg.RunRequest:
    wanted = ",".join(f"{c.path}@{c.available}" for c in todo)
    return dg.RunRequest(
        # The same updates are requested once, however many ticks see them.
        run_key=f"update:{slug}:{hashlib.sha256(wanted.encode()).hexdigest()[:16]}",
        run_config={
            "ops": {
                "update_contents": {
                    "config": {
                        "course": slug,
                        "paths": [c.path for c in todo],
                        "by_policy": True,
                        "requested_by": SENSOR_ACTOR,
                    }
                }
            }
        },
        tags={"exlib/course": slug, "exlib/trigger": "update available"},
    )


@dg.sensor(
    job=scan_assignments_repositories,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Asks every course's assignments repository for its branch heads (no fetch) and requests a "
    "scan run for those whose main moved or whose proposal branch is gone.",
)
def assignments_repository_changes(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    with exlib.open() as app:
        watch = courses_to_scan(app, now=datetime.now(UTC))
    for problem in watch.problems:
        context.log.warning(problem)
    if not watch.due:
        return dg.SkipReason(
            f"no repository of {watch.courses} course(s) moved"
            + (f"; {len(watch.problems)} could not be asked" if watch.problems else "")
        )
    state = "\n".join(f"{slug} {why}" for slug, why in sorted(watch.due.items()))
    return dg.RunRequest(
        # The same heads are read once, however many ticks see them.
        run_key=f"scan:{hashlib.sha256(state.encode()).hexdigest()[:16]}",
        run_config=dg.RunConfig(ops={"read_repositories": ScanConfig(courses=sorted(watch.due))}),
        tags={"exlib/trigger": "repository moved"},
    )
