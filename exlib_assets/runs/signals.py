"""A run started in this process leaves the process's signal handlers as it found them.

Dagster points SIGTERM at SIGINT's handler while a run executes in the main thread, and when the
run ends it restores SIGINT and points SIGTERM at that again. A command started with SIGINT
ignored (by `nohup`, cron, a shell without job control) thus came out of its first run with
SIGTERM ignored as well: `kill` no longer stopped it, and every process it started afterwards
(git, a test runner) inherited the ignored SIGTERM.
"""

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The signals Dagster's interrupt handling rewires.
_REWIRED = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signal_handlers_kept() -> Iterator[None]:
    """Run the block, then put back the SIGINT and SIGTERM handlers it found (main thread only:
    elsewhere Python does not let anyone change them, Dagster included)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    found = {number: signal.getsignal(number) for number in _REWIRED}
    try:
        yield
    finally:
        for number, handler in found.items():
            if handler is not None:  # None: set outside Python, nothing to put back
                signal.signal(number, handler)
