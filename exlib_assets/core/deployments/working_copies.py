"""Where a run keeps its working copy of a course repository.

Checking out a whole course and deleting it again cost more than the change a run usually makes
(one example into a course of 100 spent most of its time there). So each repository keeps one
working copy under EXLIB_HOME/workspaces between runs: the next run fetches only what is new and
checks out only what changed, because `GitWorkspace.clone_or_fetch` makes an earlier copy match
the remote exactly. A run that finds the kept copy in use by another run (in any process) works in
a fresh temporary copy instead, so two runs never share a folder.
"""

import fcntl
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def working_copy_folder(workspaces: Path, repository: str) -> Iterator[Path]:
    """A folder for a working copy of `repository`: the kept one when it is free, else a new
    temporary one (removed afterwards). Only the caller uses it until the block ends."""
    workspaces.mkdir(parents=True, exist_ok=True)
    with open(workspaces / f"{repository}.lock", "w") as lock:
        try:
            # Released when the file closes, also when the process dies: a crash never leaves it held.
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            with tempfile.TemporaryDirectory(prefix=f"{repository}-", dir=workspaces) as folder:
                yield Path(folder)
            return
        kept = workspaces / f"{repository}.kept"
        _discard_leftovers(kept)
        yield kept


def _discard_leftovers(kept: Path) -> None:
    """Undo what a run killed half-way may have left; the lock says no git process works here now."""
    if kept.exists() and not (kept / ".git").is_dir():
        shutil.rmtree(kept)  # killed before `git init` finished: start again
    (kept / ".git" / "index.lock").unlink(missing_ok=True)
