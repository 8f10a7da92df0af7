"""The course jobs a caller starts in this process, each with its typed config.

A job is named with the op that takes its config, so the run config is built from the job's
`Config` class (`dg.RunConfig`) and a config of the wrong class is refused before any run is
recorded.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import dagster as dg

from exlib_assets.definitions import defs
from exlib_assets.defs.deployments.config import DeployConfig
from exlib_assets.defs.deployments.jobs import (
    deploy_contents,
    deploy_course_contents,
    preview_course,
    preview_deployment,
)
from exlib_assets.defs.deployments.progress import REPORTER_KEY, RunReporter
from exlib_assets.defs.library.source_sync import SourceSyncConfig, sync_library_source, sync_library_source_job
from exlib_assets.defs.updates.config import RollbackConfig, UpdateConfig
from exlib_assets.defs.updates.jobs import (
    rollback_content,
    rollback_course_content,
    update_contents,
    update_course_contents,
)
from exlib_assets.runs.quiet import console_loggers
from exlib_assets.runs.signals import signal_handlers_kept


@dataclass(frozen=True)
class CourseJob:
    """A job of the code location, the op its config goes to, and that config's class."""

    name: str
    op: str
    config_type: type[dg.Config]

    def run_config(self, config: dg.Config) -> dg.RunConfig:
        if not isinstance(config, self.config_type):
            raise TypeError(f"the {self.name} job takes a {self.config_type.__name__}, not a {type(config).__name__}")
        return dg.RunConfig(ops={self.op: config}, loggers=console_loggers())


PREVIEW = CourseJob(preview_deployment.name, preview_course.name, DeployConfig)
DEPLOY = CourseJob(deploy_course_contents.name, deploy_contents.name, DeployConfig)
UPDATE = CourseJob(update_course_contents.name, update_contents.name, UpdateConfig)
ROLLBACK = CourseJob(rollback_course_content.name, rollback_content.name, RollbackConfig)
# Not a course's job, but started and followed the same way by the HTTP API.
SYNC_SOURCE = CourseJob(sync_library_source_job.name, sync_library_source.name, SourceSyncConfig)


def start_course_job(
    instance: dg.DagsterInstance,
    job: CourseJob,
    config: dg.Config,
    *,
    tags: dict[str, str],
    reporter: RunReporter | None = None,
    run_id: str | None = None,
    resources: Mapping[str, object] | None = None,
) -> dg.ExecuteInProcessResult:
    """Run `job` with `config` in this process on `instance`; `reporter` hears this run only.

    `run_id` lets a caller name the run before it starts (the HTTP API answers with it at once);
    `resources` replace the definitions' (tests and benchmarks point them at their own state).
    The run's failure is in the result (`runs.failure.run_failure`), never raised.
    """
    with signal_handlers_kept():
        return defs.get_job_def(job.name).execute_in_process(
            run_config=job.run_config(config),
            instance=instance,
            tags=tags,
            raise_on_error=False,
            run_id=run_id,
            resources={**(resources or {}), REPORTER_KEY: reporter or RunReporter()},
        )
