"""Looking at and changing course repositories the way a lecturer or student would: with git."""

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path


def git(*args: str, cwd: Path | None = None) -> str:
    """Run git as a person would (with an identity of its own); stdout."""
    command = ["git", "-c", "user.name=Lecturer", "-c", "user.email=lecturer@example.edu", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def clone(url: str, target: Path) -> Path:
    git("clone", "-q", url, str(target))
    return target


def commit_count(url: str, branch: str = "main") -> int:
    """Commits on `branch` of the bare repository at `url`; 0 while it has none."""
    result = subprocess.run(["git", "rev-list", "--count", branch], cwd=url, capture_output=True, text=True)
    return int(result.stdout) if result.returncode == 0 else 0


def tree_files(url: str, branch: str = "main") -> list[str]:
    """Every file path on `branch` of the bare repository at `url`; [] while it has no commit."""
    result = subprocess.run(["git", "ls-tree", "-r", "--name-only", branch], cwd=url, capture_output=True, text=True)
    return result.stdout.split() if result.returncode == 0 else []


def push_change(url: str, workdir: Path, change: Callable[[Path], None], message: str = "lecturer change") -> Path:
    """Clone `url` into a new folder under `workdir`, let `change` edit it, commit all and push."""
    working_copy = clone(url, Path(tempfile.mkdtemp(dir=workdir)) / "clone")
    change(working_copy)
    git("add", "-A", cwd=working_copy)
    git("commit", "-qm", message, cwd=working_copy)
    git("push", "-q", "origin", "main", cwd=working_copy)
    return working_copy
