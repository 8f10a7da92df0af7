"""The CLI's way into Dagster: the same instance and the same jobs as the UI.

A run started here is recorded in the instance in DAGSTER_HOME (default EXLIB_HOME/dagster,
where `scripts/run.sh` points `dagster dev` too), so it shows in the UI like one launched there.
Dagster is imported only by the commands that start runs.
"""

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from exlib_assets.core.settings import Settings

# Present in a checkout (editable install); an installed wheel falls back to Dagster's defaults.
PROJECT_DAGSTER_YAML = Path(__file__).resolve().parents[2] / "dagster.yaml"
# The run's step-by-step log stays in the UI; the terminal shows progress and a summary. The
# commands report every failure themselves, so Dagster's ERROR lines (a refused path's failure
# comes with a stack trace) would only bury that report.
QUIET_RUN = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def prepare_dagster_home(settings: Settings) -> Path:
    """DAGSTER_HOME (default EXLIB_HOME/dagster), with the project's dagster.yaml if it has none."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(settings.home / "dagster")))
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists() and PROJECT_DAGSTER_YAML.exists():
        shutil.copyfile(PROJECT_DAGSTER_YAML, home / "dagster.yaml")
    return home


@contextmanager
def open_instance(settings: Settings) -> Iterator["dagster.DagsterInstance"]:  # noqa: F821
    import dagster as dg

    home = prepare_dagster_home(settings)
    # Two commands opening a new instance at once would both create its SQLite tables; the
    # second fails. Opening is serialised; running is not.
    with open(home / ".exlib-open.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        instance = dg.DagsterInstance.get()
        fcntl.flock(lock, fcntl.LOCK_UN)
    with instance:
        yield instance


def run_job(instance, job_name: str, config: dict, tags: dict[str, str], *, run_id: str | None = None):
    """Run `job_name` of the code location with `config` for its one op, in this process.

    `run_id` lets a caller name the run before it starts (the HTTP API answers with it at once).
    """
    from exlib_assets.definitions import defs

    job = defs.get_job_def(job_name)
    [op_name] = job.graph.node_dict
    return job.execute_in_process(
        run_config={"ops": {op_name: {"config": config}}, **QUIET_RUN},
        instance=instance,
        tags=tags,
        raise_on_error=False,
        run_id=run_id,
    )


def run_failure(result) -> str:
    """Why a run failed, as the op said it (the innermost error's message), and where to look."""
    message = None
    for event in result.all_events:
        if event.event_type_value != "STEP_FAILURE":
            continue
        data = event.step_failure_data
        if data.user_failure_data is not None and data.user_failure_data.description:
            message = data.user_failure_data.description
        else:
            error = data.error
            while error is not None and error.cause is not None:
                error = error.cause
            message = error.message.strip() if error else None
        break
    where = f"run {result.run_id}; its log in the Dagster UI has the details"
    return f"{message} ({where})" if message else f"the run failed before doing any work ({where})"
