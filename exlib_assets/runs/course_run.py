"""One course job (deploy, preview, update, rollback) started in this process, its report back.

Shared by the CLI (`exlib deploy`, `update`, `rollback`) and the demo; the caller's own reporter
(a progress bar) hears the run as it goes.
"""

import dataclasses
import getpass
from collections.abc import Mapping

import dagster as dg

from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.core.errors import ExlibError
from exlib_assets.defs.deployments.config import DeployConfig
from exlib_assets.defs.deployments.progress import RunReporter
from exlib_assets.runs.course_jobs import DEPLOY, PREVIEW, CourseJob, start_course_job
from exlib_assets.runs.failure import run_failure

COURSE_TAG = "exlib/course"


@dataclasses.dataclass(frozen=True)
class CourseRun:
    """A finished course job: the course's report, the run id, and why the run failed, if it did.

    A run can fail after its report: recording the materializations (or anything else after the
    commit) may go wrong while every path was deployed.
    """

    report: DeployReport
    run_id: str
    run_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok and self.run_error is None


class CourseReportCollector(RunReporter):
    """Keeps the course's report (or why nothing was deployed) and passes everything on to `watcher`."""

    def __init__(self, watcher: RunReporter):
        self.watcher = watcher
        self.reports: list[DeployReport] = []
        self.errors: list[str] = []

    def path_done(self, course: str, outcome: PathOutcome, done: int, total: int) -> None:
        self.watcher.path_done(course, outcome, done, total)

    def course_done(self, report: DeployReport) -> None:
        self.reports.append(report)
        self.watcher.course_done(report)

    def course_failed(self, course: str, error: str) -> None:
        self.errors.append(f"{course}: {error}")
        self.watcher.course_failed(course, error)


def run_course_job(
    instance: dg.DagsterInstance,
    job: CourseJob,
    config: dg.Config,
    *,
    watcher: RunReporter | None = None,
    resources: Mapping[str, object] | None = None,
) -> CourseRun:
    """Run `job` with `config` (its course in `config.course`); its report, run id and failure.
    `watcher` hears the run as it goes; `resources` replace the definitions'.

    Raises ExlibError when the run ended without a report (nothing of the course was done).
    """
    collector = CourseReportCollector(watcher or RunReporter())
    tags = {"user": getpass.getuser(), COURSE_TAG: config.course}
    result = start_course_job(instance, job, config, tags=tags, reporter=collector, resources=resources)
    if not collector.reports:
        raise ExlibError(collector.errors[0] if collector.errors else run_failure(result))
    report = collector.reports[0]
    # Paths that were not deployed fail the run too; the report already names them.
    failed_after_report = not result.success and report.ok
    return CourseRun(report, result.run_id, run_failure(result) if failed_after_report else None)


def run_deploy(
    instance: dg.DagsterInstance, config: DeployConfig, *, dry_run: bool = False, watcher: RunReporter | None = None
) -> CourseRun:
    """Run deploy_course_contents (or, for a dry run, preview_deployment) with `config`."""
    return run_course_job(instance, PREVIEW if dry_run else DEPLOY, config, watcher=watcher)
