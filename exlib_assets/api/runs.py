"""The Dagster runs the API starts: the course jobs the CLI runs, on the same instance, in a
background thread so a request can answer with the run id at once.

The run id is chosen before the run starts, so the request can return it and a status request
can find the run even before Dagster has recorded it. While it works, the run reports each
path to its `RunWatch` (the listener mechanism `exlib deploy` uses for its progress bar).
"""

import logging
import threading
import uuid
from dataclasses import dataclass, field

from exlib_assets.cli.dagster_runs import run_failure, run_job
from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.defs.deployments.materialize import describe
from exlib_assets.defs.deployments.progress import listening

log = logging.getLogger(__name__)

COURSE_TAG = "exlib/course"
VIA_TAG = "exlib/via"


@dataclass
class RunWatch:
    """What one run has reported so far; a DeployListener."""

    course: str
    total: int
    completed: int = 0
    current: str | None = None
    outcomes: dict[str, PathOutcome] = field(default_factory=dict)
    error: str | None = None
    finished: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def path_done(self, course: str, outcome: PathOutcome, done: int, total: int) -> None:
        with self._lock:
            self.completed, self.total = done, total
            self.current = f"{outcome.path}: {describe(outcome)}"
            self.outcomes[outcome.path] = outcome

    def course_done(self, report: DeployReport) -> None:
        # The final word per path: after the commit, with proposals and branches.
        with self._lock:
            self.outcomes = {outcome.path: outcome for outcome in report.outcomes}
            self.completed = self.total = len(report.outcomes)

    def course_failed(self, course: str, error: str) -> None:
        with self._lock:
            self.error = error

    def finish(self) -> None:
        with self._lock:
            self.finished = True

    def snapshot(self) -> "RunWatch":
        with self._lock:
            return RunWatch(
                self.course, self.total, self.completed, self.current, dict(self.outcomes), self.error, self.finished
            )


class RunLauncher:
    """Starts course jobs in background threads on one Dagster instance and keeps their watches."""

    def __init__(self, instance):
        self.instance = instance
        self._watches: dict[str, RunWatch] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def launch(self, job_name: str, config: dict, *, course: str, requested_by: str, paths: int) -> str:
        """Start `job_name` with `config`; returns its run id at once."""
        run_id = str(uuid.uuid4())
        watch = RunWatch(course=course, total=paths)
        tags = {"user": requested_by, COURSE_TAG: course, VIA_TAG: "api"}
        thread = threading.Thread(
            target=self._run, args=(run_id, job_name, config, tags, watch), name=f"exlib-run-{run_id[:8]}"
        )
        with self._lock:
            self._watches[run_id] = watch
            self._threads[run_id] = thread
        thread.start()
        return run_id

    def watch(self, run_id: str) -> RunWatch | None:
        with self._lock:
            watch = self._watches.get(run_id)
        return watch.snapshot() if watch is not None else None

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the runs still working (at shutdown: a run cut off would stay `started` forever)."""
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(timeout)

    def _run(self, run_id: str, job_name: str, config: dict, tags: dict, watch: RunWatch) -> None:
        try:
            with listening(watch) as listener_tags:
                result = run_job(self.instance, job_name, config, {**listener_tags, **tags}, run_id=run_id)
            if not result.success and watch.error is None:
                # The run's own word: which paths were not deployed, or why nothing was.
                watch.course_failed(watch.course, run_failure(result))
        except Exception as error:  # a background thread has nobody to raise to: log it, report it
            log.exception("run %s (%s) could not be carried out", run_id, job_name)
            watch.course_failed(watch.course, f"the run could not be carried out: {error}")
        finally:
            watch.finish()
            with self._lock:
                self._threads.pop(run_id, None)
