"""Sensors that keep courses current: flag "update available" and act on the course's policy,
and read each assignments repository for lecturers' edits and merged proposals."""

import hashlib

import dagster as dg
import sqlalchemy as sa

from exlib_assets.core import courses
from exlib_assets.core.db.models import Course, UpdateProposal
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.partition_keys import course_content_key
from exlib_assets.core.updates.flags import FlagChange, refresh_update_flags
from exlib_assets.core.updates.scan import scan_course
from exlib_assets.defs.deployments.materialize import ASSET_KEY
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.updates.jobs import update_course_contents

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
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Fetches each course's assignments repository into a mirror and reads only the deployed "
    "folders changed since the last tick: marks lecturers' edits as customizations, follows merged proposals.",
)
def assignments_repository_changes(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    events: list[dg.AssetObservation] = []
    problems = []
    with exlib.open() as app:
        with app.db.session() as session:
            slugs = [course.slug for course in courses.list_courses(session)]
        for slug in slugs:
            try:
                report = scan_course(app, slug)
            except ExlibError as error:
                problems.append(f"{slug}: {error}")
                continue
            for path in report.customized + report.no_longer_customized + report.followed:
                events.append(
                    dg.AssetObservation(
                        asset_key=ASSET_KEY,
                        partition=course_content_key(slug, path),
                        description=_change_text(report, path),
                        metadata={"commit": report.head or "", "customized": path in report.customized},
                    )
                )
            problems += [f"{slug}/{problem}" for problem in report.problems]
    for problem in problems:
        context.log.warning(problem)
    if not events:
        return dg.SkipReason(
            f"nothing changed in {len(slugs)} course(s)" + (f"; {len(problems)} problem(s)" if problems else "")
        )
    return dg.SensorResult(asset_events=events)


def _change_text(report, path: str) -> str:
    if path in report.followed:
        return f"main now holds a new version (merged in the repository at {report.head})"
    if path in report.customized:
        return "customized by a lecturer"
    return "no longer customized"
