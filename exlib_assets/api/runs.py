"""The Dagster runs the API starts: the course jobs the CLI runs, on the same instance, on a
fixed pool of worker threads so a request can answer with the run id at once.

The run id is chosen before the run starts, so the request can return it and a status request
can find the run even before Dagster has recorded it. While it works, the run reports each
path to its `RunWatch`, given to that run as its reporter (as `exlib deploy` gives its progress bar).

What the service holds stays bounded whatever the request rate: at most `workers` runs work at
once and `queue` more wait; a request beyond that is refused (503) before anything is written.
Once a run has finished, its status is in the Dagster instance and its paths' states in the
database, so its live watch is dropped; the final word of the last `kept_reports` runs stays in
memory for the full answer (branches, conflicts, the error), older runs are answered from the
database as after a restart.
"""

import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from contextlib import contextmanager
from dataclasses import dataclass, field

import dagster as dg

from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.core.errors import ExlibError
from exlib_assets.defs.deployments.progress import RunReporter
from exlib_assets.runs.course_jobs import CourseJob, start_course_job
from exlib_assets.runs.course_run import COURSE_TAG
from exlib_assets.runs.failure import run_failure

log = logging.getLogger(__name__)

VIA_TAG = "exlib/via"

# Runs are I/O bound (git, the database, S3) and runs of one course redo their work when another
# landed first, so a few at once is plenty; the queue absorbs a burst of requests.
# Known risk of runs in threads: Dagster re-applies the instance's logging configuration
# (logging.config.dictConfig, which takes every handler's lock) when a run starts; on SQLite
# event storage another run writing an event at that moment holds its handler's lock and waits
# for logging's own lock, and both threads stop. PostgreSQL event storage (production) opens no
# engine per event and does not wait there.
DEFAULT_WORKERS = 4
DEFAULT_QUEUE = 32
DEFAULT_KEPT_REPORTS = 200
RETRY_AFTER_S = 30


class RunQueueFull(ExlibError):
    """The service has as many runs working and waiting as it takes; nothing was written."""


@dataclass
class RunWatch(RunReporter):
    """What one run has reported so far: the reporter of that one run."""

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
            self.current = f"{outcome.path}: {outcome.describe()}"
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


# Starts a reserved run: (job, its typed config, course=, requested_by=, paths=) -> its run id.
Launch = Callable[..., str]


@dataclass(frozen=True)
class LauncherLoad:
    """What the launcher holds now: runs working or waiting, and finished runs' final words kept."""

    active: int
    kept_reports: int


class RunLauncher:
    """Starts course jobs on a fixed pool of threads on one Dagster instance and watches them."""

    def __init__(
        self,
        instance,
        *,
        workers: int = DEFAULT_WORKERS,
        queue: int = DEFAULT_QUEUE,
        kept_reports: int = DEFAULT_KEPT_REPORTS,
    ):
        if workers < 1 or queue < 0 or kept_reports < 0:
            raise ExlibError(
                f"the API needs at least 1 run worker, a queue of 0 or more and 0 or more kept reports "
                f"(got {workers}, {queue}, {kept_reports}); fix --run-workers / --run-queue."
            )
        self.instance = instance
        self.workers, self.queue, self.kept_reports = workers, queue, kept_reports
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="exlib-run")
        # Taken when a request is admitted, given back when its run has finished (or never started).
        self._slots = threading.BoundedSemaphore(workers + queue)
        self._watches: dict[str, RunWatch] = {}  # runs working or waiting
        self._futures: dict[str, Future] = {}
        self._finished: OrderedDict[str, RunWatch] = OrderedDict()  # final words, newest last
        self._lock = threading.Lock()

    @contextmanager
    def reserve(self) -> Iterator[Launch]:
        """A place for one run, or RunQueueFull at once. Take it before writing anything for the
        run; the place is given back if the block ends without launching."""
        if not self._slots.acquire(blocking=False):
            raise RunQueueFull(
                f"the service is running {self.workers} run(s) and has {self.queue} more waiting, as many as it "
                f"takes; nothing was assigned or started. Try again in {RETRY_AFTER_S} s, or have an admin raise "
                "`exlib api serve --run-workers / --run-queue`."
            )
        launched: list[str] = []

        def launch(job: CourseJob, config: dg.Config, *, course: str, requested_by: str, paths: int) -> str:
            launched.append(self._submit(job, config, course=course, requested_by=requested_by, paths=paths))
            return launched[-1]

        try:
            yield launch
        finally:
            if not launched:
                self._slots.release()

    def launch(self, job: CourseJob, config: dg.Config, *, course: str, requested_by: str, paths: int) -> str:
        """Start `job` with `config` if there is room (RunQueueFull if not); returns its run id at once."""
        with self.reserve() as launch:
            return launch(job, config, course=course, requested_by=requested_by, paths=paths)

    def watch(self, run_id: str) -> RunWatch | None:
        with self._lock:
            watch = self._watches.get(run_id) or self._finished.get(run_id)
        return watch.snapshot() if watch is not None else None

    def load(self) -> LauncherLoad:
        with self._lock:
            return LauncherLoad(active=len(self._watches), kept_reports=len(self._finished))

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the runs working and waiting (at shutdown: a run cut off would stay `started`
        forever), then stop the pool; runs still waiting after `timeout` are not started."""
        with self._lock:
            futures = list(self._futures.values())
        wait_for(futures, timeout)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _submit(self, job: CourseJob, config: dg.Config, *, course: str, requested_by: str, paths: int) -> str:
        run_id = str(uuid.uuid4())
        watch = RunWatch(course=course, total=paths)
        tags = {"user": requested_by, COURSE_TAG: course, VIA_TAG: "api"}
        with self._lock:
            self._watches[run_id] = watch
            self._futures[run_id] = self._pool.submit(self._run, run_id, job, config, tags, watch)
        return run_id

    def _run(self, run_id: str, job: CourseJob, config: dg.Config, tags: dict, watch: RunWatch) -> None:
        try:
            result = start_course_job(self.instance, job, config, tags=tags, reporter=watch, run_id=run_id)
            if not result.success and watch.error is None:
                # The run's own word: which paths were not deployed, or why nothing was.
                watch.course_failed(watch.course, run_failure(result))
        except Exception as error:  # a worker thread has nobody to raise to: log it, report it
            log.exception("run %s (%s) could not be carried out", run_id, job.name)
            watch.course_failed(watch.course, f"the run could not be carried out: {error}")
        finally:
            watch.finish()
            self._forget(run_id, watch)
            self._slots.release()

    def _forget(self, run_id: str, watch: RunWatch) -> None:
        """Drop the live watch of a finished run (Dagster and the database hold its status now),
        keeping its final word among the last `kept_reports`."""
        with self._lock:
            self._watches.pop(run_id, None)
            self._futures.pop(run_id, None)
            if self.kept_reports:
                self._finished[run_id] = watch.snapshot()
                while len(self._finished) > self.kept_reports:
                    self._finished.popitem(last=False)
