"""Looking at and changing repositories the way a lecturer or student would: with git.

`git` here is the one way tests run git themselves; what exlib runs goes through its own code.
"""

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path


def git(*args: str, cwd: Path | None = None) -> str:
    """Run git as a person would (with an identity of its own); stdout, exactly as printed.

    A failing command raises `subprocess.CalledProcessError`, its stderr attached.
    """
    command = ["git", "-c", "user.name=Lecturer", "-c", "user.email=lecturer@example.edu", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def git_value(*args: str, cwd: Path | None = None) -> str:
    """The one value a git command prints (a sha, a ref, a count), without the line's end."""
    return git(*args, cwd=cwd).strip()


def clone(url: str, target: Path) -> Path:
    git("clone", "-q", url, str(target))
    return target


def commit_count(url: str, branch: str = "main") -> int:
    """Commits on `branch` of the bare repository at `url`; 0 while it has none."""
    try:
        return int(git("rev-list", "--count", branch, cwd=Path(url)))
    except subprocess.CalledProcessError:
        return 0


def tree_files(url: str, branch: str = "main") -> list[str]:
    """Every file path on `branch` of the bare repository at `url`; [] while it has no commit."""
    try:
        return git("ls-tree", "-r", "--name-only", branch, cwd=Path(url)).split()
    except subprocess.CalledProcessError:
        return []


def push_change(url: str, workdir: Path, change: Callable[[Path], None], message: str = "lecturer change") -> Path:
    """Clone `url` into a new folder under `workdir`, let `change` edit it, commit all and push."""
    working_copy = clone(url, Path(tempfile.mkdtemp(dir=workdir)) / "clone")
    change(working_copy)
    git("add", "-A", cwd=working_copy)
    git("commit", "-qm", message, cwd=working_copy)
    git("push", "-q", "origin", "main", cwd=working_copy)
    return working_copy
