"""How often a deployment run writes its progress to the run's log.

Every log line is an event in Dagster's event log, one database write each: a line per path made
a run of 500 paths write 500 more events than the materializations it records. So lines are
batched: the first path is logged at once (the run has started), then one line per
`BATCH_PATHS` paths or per `BATCH_SECONDS`, whichever comes first, and the last path flushes
what is left. A batched line still names every path with its outcome, one per text line, so the
log loses nothing; the run's outcome table (the log's last line for the course, and the
metadata of its last materialization) lists them all again at the end.
"""

import time
from collections.abc import Callable

BATCH_PATHS = 50
BATCH_SECONDS = 1.0


class BatchedProgressLog:
    """Collects progress lines ("[done/total] ...") and hands them to `write` in batches."""

    def __init__(
        self,
        write: Callable[[str], None],
        *,
        batch_paths: int = BATCH_PATHS,
        batch_seconds: float = BATCH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._write = write
        self._batch_paths = batch_paths
        self._batch_seconds = batch_seconds
        self._clock = clock
        self._pending: list[str] = []
        self._last_written: float | None = None

    def add(self, line: str, done: int, total: int) -> None:
        self._pending.append(line)
        now = self._clock()
        if (
            self._last_written is None
            or done >= total
            or len(self._pending) >= self._batch_paths
            or now - self._last_written >= self._batch_seconds
        ):
            self.flush(now)

    def flush(self, now: float | None = None) -> None:
        if self._pending:
            self._write("\n".join(self._pending))
            self._pending = []
        self._last_written = self._clock() if now is None else now
