"""Where a deployment run of a course stands: its status from the Dagster instance, its progress
and per-path results from the run's watch while the API that started it is up, else from the
database's deployment rows of the paths the run was given."""

import uuid
from dataclasses import dataclass, field

import dagster as dg

from exlib_assets.api.runs import RunLauncher, RunWatch
from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.deployments.outcomes import PathOutcome
from exlib_assets.core.errors import NotFoundError
from exlib_assets.runs.course_jobs import DEPLOY, ROLLBACK, UPDATE
from exlib_assets.runs.course_run import COURSE_TAG

COURSE_JOBS = (DEPLOY.name, UPDATE.name, ROLLBACK.name)
_STATUS = {
    dg.DagsterRunStatus.QUEUED: "queued",
    dg.DagsterRunStatus.NOT_STARTED: "queued",
    dg.DagsterRunStatus.MANAGED: "queued",
    dg.DagsterRunStatus.STARTING: "queued",
    dg.DagsterRunStatus.STARTED: "running",
    dg.DagsterRunStatus.SUSPENDED: "running",
    dg.DagsterRunStatus.CANCELING: "running",
    dg.DagsterRunStatus.SUCCESS: "completed",
    dg.DagsterRunStatus.FAILURE: "failed",
    dg.DagsterRunStatus.CANCELED: "canceled",
}
FINISHED = ("completed", "failed", "canceled")


@dataclass
class PathResult:
    course_content: str
    target_path: str
    example: str | None
    example_version: str | None
    status: str
    reason: str | None = None
    from_version: str | None = None
    branch: str | None = None
    conflicts: list[str] = field(default_factory=list)


@dataclass
class RunStatus:
    run_id: str
    course: str
    job: str | None
    status: str
    completed: int
    total: int
    current: str | None
    results: list[PathResult]
    error: str | None = None


def run_status(app: App, launcher: RunLauncher, slug: str, run_id: str) -> RunStatus:
    """The status of run `run_id` of course `slug`; NotFoundError if it is no course run of `slug`."""
    watch = launcher.watch(run_id)
    run = launcher.instance.get_run_by_id(run_id) if _is_run_id(run_id) else None
    belongs = (
        run.tags.get(COURSE_TAG) == slug and run.job_name in COURSE_JOBS
        if run is not None
        else watch is not None and watch.course == slug
    )
    if not belongs:
        raise NotFoundError(
            f"course {slug!r} has no deployment run {run_id!r}; use the run_id that the deploy (or version "
            "change) answered with."
        )
    status = _STATUS.get(run.status, "running") if run is not None else ("failed" if watch.finished else "queued")
    if watch is not None and not watch.finished and status in FINISHED:
        status = "running"  # Dagster is done, the run's last word (its error) is still on its way
    if watch is not None:
        return _from_watch(run_id, slug, run.job_name if run else None, status, watch)
    return _from_database(app, run, slug, status)


def _is_run_id(text: str) -> bool:
    """Dagster names runs with UUIDs; anything else names no run (and is not sent to its storage)."""
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _from_watch(run_id: str, slug: str, job: str | None, status: str, watch: RunWatch) -> RunStatus:
    results = [_result(outcome) for _, outcome in sorted(watch.outcomes.items())]
    return RunStatus(run_id, slug, job, status, watch.completed, watch.total, watch.current, results, watch.error)


def _result(outcome: PathOutcome) -> PathResult:
    return PathResult(
        course_content=outcome.path,
        target_path=outcome.path,
        example=outcome.example,
        example_version=outcome.version,
        status=outcome.status,
        reason=outcome.reason,
        from_version=outcome.from_version,
        branch=outcome.branch,
        conflicts=list(outcome.conflicts),
    )


def _from_database(app: App, run: dg.DagsterRun, slug: str, status: str) -> RunStatus:
    """A run this process did not start (or started before a restart): each path's state now."""
    op_config = next((op.get("config") or {} for op in (run.run_config.get("ops") or {}).values()), {})
    paths = op_config.get("paths") or ([op_config["path"]] if op_config.get("path") else None)
    results = []
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        for content in courses.contents_under(session, course, with_deployments=True):
            row = content.deployment
            if (paths and content.path not in paths) or (not paths and content.assignment is None):
                continue
            version = row.example_version if row is not None else None
            example = version.example.identifier if version else content.assignment.example.identifier
            results.append(
                PathResult(
                    course_content=content.path,
                    target_path=content.path,
                    example=example,
                    example_version=version.tag if version else None,
                    status=row.status if row is not None else "pending",
                    reason=row.status_reason if row is not None else None,
                )
            )
    done = [r for r in results if r.status not in ("pending", "deploying")]
    completed = len(results) if status in FINISHED else len(done)
    return RunStatus(run.run_id, slug, run.job_name, status, completed, len(results), None, results)
