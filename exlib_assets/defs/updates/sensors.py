"""Sensors that keep courses current. Both only detect and request runs: one notices that what
update flags depend on moved (the flag run computes them) and asks for the update runs a course's
policy wants; the other notices which assignments repositories moved (the scan run reads them)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.updates.config import ScanConfig, UpdateConfig
from exlib_assets.defs.updates.flag_job import flag_available_updates
from exlib_assets.defs.updates.jobs import update_course_contents
from exlib_assets.defs.updates.scan_job import scan_assignments_repositories

if TYPE_CHECKING:
    from exlib_assets.core.updates.flag_signals import PolicyUpdate

SENSOR_ACTOR = "exlib (update policy)"


@dg.sensor(
    jobs=[flag_available_updates, update_course_contents],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches what update flags depend on (newest version, newest history row, archived "
    "contents, update policies) and requests a flag_available_updates run when it moved; for courses "
    "with update policy `propose` or `auto`, requests the update run of their flagged deployments.",
)
def update_availability(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    from exlib_assets.core.updates.flag_signals import read_update_signals, updates_for_policies

    seen = _FlagCursor.from_json(context.cursor)
    with exlib.open() as app, app.db.session() as session:
        signals = read_update_signals(session)
        policy_due = updates_for_policies(session) if signals.policy_input() != seen.policy else {}
    now = _FlagCursor(flags=signals.flags_input(), policy=signals.policy_input())
    requests = []
    if now.flags != seen.flags:
        requests.append(
            dg.RunRequest(
                job_name=flag_available_updates.name,
                # The same state is flagged once, however many ticks see it.
                run_key=f"flags:{_digest(now.flags)}",
                tags={"exlib/trigger": "library or deployments changed"},
            )
        )
    requests += [_update_request(slug, todo) for slug, todo in sorted(policy_due.items())]
    if not requests:
        context.update_cursor(now.to_json())
        return dg.SkipReason("nothing that update flags depend on moved")
    return dg.SensorResult(run_requests=requests, cursor=now.to_json())


@dataclass(frozen=True)
class _FlagCursor:
    flags: str = ""
    policy: str = ""

    @classmethod
    def from_json(cls, text: str | None) -> "_FlagCursor":
        return cls(**json.loads(text)) if text else cls()

    def to_json(self) -> str:
        return json.dumps({"flags": self.flags, "policy": self.policy})


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _update_request(slug: str, todo: "list[PolicyUpdate]") -> dg.RunRequest:
    wanted = ",".join(f"{update.path}@{update.version}" for update in todo)
    return dg.RunRequest(
        job_name=update_course_contents.name,
        # The same updates are requested once, however many ticks see them.
        run_key=f"update:{slug}:{_digest(wanted)}",
        run_config=dg.RunConfig(
            ops={
                "update_contents": UpdateConfig(
                    course=slug,
                    paths=[update.path for update in todo],
                    by_policy=True,
                    requested_by=SENSOR_ACTOR,
                )
            }
        ),
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
    from exlib_assets.core.updates.repository_watch import courses_to_scan

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
