"""A library source's sync as an API run: started on the service's run pool, followed on the Dagster instance."""

from dataclasses import dataclass

import dagster as dg

from exlib_assets.api.runs import RunLauncher
from exlib_assets.core.errors import NotFoundError
from exlib_assets.defs.library.source_sync import SourceSyncConfig
from exlib_assets.runs.course_jobs import SYNC_SOURCE
from exlib_assets.runs.failure import failure_of

_WAITING = (dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING)
_FAILED = (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED, dg.DagsterRunStatus.CANCELING)


@dataclass
class SyncRunStatus:
    status: str
    report: dict | None
    error: str | None


def start_sync(launcher: RunLauncher, source: str, requested_by: str) -> str:
    """Start the sync of `source` (known to exist); its run id at once."""
    return launcher.launch(SYNC_SOURCE, SourceSyncConfig(source=source), course="", requested_by=requested_by, paths=0)


def sync_run_status(launcher: RunLauncher, source: str, run_id: str) -> SyncRunStatus:
    """How sync run `run_id` of `source` goes; NotFoundError when it is no such run."""
    run = launcher.instance.get_run_by_id(run_id)
    if run is None:
        watch = launcher.watch(run_id)
        if watch is None:
            raise NotFoundError(f"there is no sync run {run_id} of library source {source!r}.")
        return SyncRunStatus("failed" if watch.error else "queued", None, watch.error)
    if (
        run.job_name != SYNC_SOURCE.name
        or run.run_config.get("ops", {}).get(SYNC_SOURCE.op, {}).get("config", {}).get("source") != source
    ):
        raise NotFoundError(f"there is no sync run {run_id} of library source {source!r}.")
    if run.status in _WAITING:
        return SyncRunStatus("queued", None, None)
    if run.status == dg.DagsterRunStatus.STARTED:
        return SyncRunStatus("running", None, None)
    records = launcher.instance.get_records_for_run(run_id).records
    events = [record.event_log_entry.dagster_event for record in records if record.event_log_entry.dagster_event]
    report = _report(source, events)
    if run.status in _FAILED:
        return SyncRunStatus("failed", report, failure_of(events, run_id))
    return SyncRunStatus("completed", report, None)


def _report(source: str, events: list) -> dict | None:
    """The sync's report from the metadata its op left (its output, or its failure when folders were refused)."""
    for event in events:
        if event.event_type_value == "STEP_OUTPUT":
            metadata = event.event_specific_data.metadata
        elif event.event_type_value == "STEP_FAILURE" and event.step_failure_data.user_failure_data is not None:
            metadata = event.step_failure_data.user_failure_data.metadata
        else:
            continue
        if "commit" not in metadata:
            continue
        return {
            "source": source,
            "commit": metadata["commit"].value,
            "imported": metadata["imported"].value,
            "unchanged": metadata["unchanged"].value,
            "failed": metadata["failed"].value,
        }
    return None
