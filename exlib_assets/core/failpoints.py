"""Test hook: let a run die at a named stage, to prove a re-run recovers from it.

Off by default. `failpoint(name)` does nothing unless the environment variable `EXLIB_FAILPOINT`
equals `name`; then the process kills itself with SIGKILL, as an out-of-memory kill or a pulled
plug would: no `finally`, no cleanup, no database rollback. The stages named in the code:
`deploy.files_written`, `deploy.committed`, `deploy.pushed`, `deploy.recorded` and the same four
for `template.`.
"""

import os
import signal

VARIABLE = "EXLIB_FAILPOINT"


def failpoint(name: str) -> None:
    """Die here, at once, when EXLIB_FAILPOINT names this stage; otherwise return."""
    if os.environ.get(VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
