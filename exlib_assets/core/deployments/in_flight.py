"""Rows in a transient state, and whether the run holding them is still alive.

A run puts every row it works on in `deploying` and stamps it with its batch, host, process id
and start time. Whatever the run raises, it settles its rows on the way out (recording.py). Only
a run that dies without running any code at all (SIGKILL, a pulled plug, an out-of-memory kill)
leaves rows behind; `exlib check` finds those and `exlib repair` settles them.

When is a run gone? On the host that ran it, exactly: its process no longer exists. From
another host (a run worker in another container) exlib cannot see the process, so a row counts
as abandoned once it has been transient for longer than any run may take (`STALE_AFTER`, the
same bound Dagster's run monitoring puts on a run in production).
"""

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from exlib_assets.core.db.models import Deployment

# Statuses a row holds only while a run works on it.
TRANSIENT_STATUSES = ("deploying",)
# A run older than this is over, whatever its host: run monitoring fails runs that hang this long.
STALE_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class RunStamp:
    """Who put a row in a transient state: the run's batch, host and process, and when."""

    batch: str
    host: str
    pid: int
    started_at: datetime

    @classmethod
    def of_this_process(cls, batch: str) -> "RunStamp":
        return cls(batch=batch, host=socket.gethostname(), pid=os.getpid(), started_at=datetime.now(UTC))

    def put_on(self, row: Deployment, status: str) -> None:
        row.status = status
        row.run_batch, row.run_host, row.run_pid, row.run_started_at = self.batch, self.host, self.pid, self.started_at


def abandoned(row: Deployment, now: datetime | None = None) -> str | None:
    """Why the run holding `row` in a transient state is gone, or None when it is not transient
    or its run may still be working (then nobody may touch the row)."""
    if row.status not in TRANSIENT_STATUSES:
        return None
    since = _aware(row.run_started_at)
    who = f"the run that set it {row.status}"
    if row.run_host and row.run_pid:
        who += f" (process {row.run_pid} on {row.run_host}"
        who += f", since {since.isoformat(timespec='seconds')})" if since else ")"
        if row.run_host == socket.gethostname() and not _process_exists(row.run_pid):
            return f"{who} is no longer running"
    if since is None:
        return f"{who} is not recorded (it ran before exlib recorded runs), so it is long over"
    if (now or datetime.now(UTC)) - since > STALE_AFTER:
        return f"{who} started more than {STALE_AFTER.total_seconds() / 3600:g} hours ago, longer than any run may take"
    return None


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
