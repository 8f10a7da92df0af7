"""Test hook: let a run die at a named stage, to prove a re-run recovers from it.

Off by default. `failpoint(name)` does nothing unless the environment variable `EXLIB_FAILPOINT`
equals `name`; then the process kills itself with SIGKILL, as an out-of-memory kill or a pulled
plug would: no `finally`, no cleanup, no database rollback. The stages named in the code:
`deploy.files_written`, `deploy.committed`, `deploy.pushed`, `deploy.recorded` and the same four
for `template.`, and `deploy.reported` (after a run has reported its outcome, before it records
its materializations), and `contribute.proposed` (a contribution pushed or stored, not yet recorded).

`EXLIB_FAILPOINT=<stage>:raise` raises `FailpointError` there instead: the run fails the way an
unexpected error in Dagster or in our code would, and the process lives on to say so.
"""

import os
import signal

VARIABLE = "EXLIB_FAILPOINT"


class FailpointError(RuntimeError):
    """Raised at a stage named by `EXLIB_FAILPOINT=<stage>:raise` (a test hook)."""


def failpoint(name: str) -> None:
    """Die here, at once, when EXLIB_FAILPOINT names this stage (or raise, with `:raise`); otherwise return."""
    wanted = os.environ.get(VARIABLE)
    if wanted == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if wanted == f"{name}:raise":
        raise FailpointError(f"failpoint {name} (EXLIB_FAILPOINT is set: a test hook, never set it on a site)")
