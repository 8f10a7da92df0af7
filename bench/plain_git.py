"""The floor any tool pays: plain git writing the same files into a clone, add, commit, push.

Plain git starts from the state exlib starts from. Into an existing repository it works in a
clone kept between runs, brought up to date with `git pull` (exlib keeps its working copies
too); into a new repository it clones the empty remote.
"""

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

IDENTITY = ["-c", "user.name=Plain Git", "-c", "user.email=plain-git@example.edu", "-c", "commit.gpgsign=false"]


def git(*args: str, cwd: Path | None = None) -> str:
    command = ["git", *IDENTITY, *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def empty_remote(path: Path) -> Path:
    """A new bare repository at `path` (replacing one there), on branch main."""
    shutil.rmtree(path, ignore_errors=True)
    git("init", "--quiet", "--bare", "--initial-branch=main", str(path))
    return path


def copy_remote(source: str, path: Path) -> Path:
    """A bare copy of the repository at `source`: the same history for plain git to push onto."""
    shutil.rmtree(path, ignore_errors=True)
    git("clone", "--quiet", "--bare", source, str(path))
    return path


class KeptClone:
    """A clone of `remote` in `folder`, kept between commits as a person keeps theirs."""

    def __init__(self, remote: Path, folder: Path):
        git("clone", "--quiet", str(remote), str(folder))
        self.folder = folder

    def commit(self, files: dict[str, bytes], deleted: Sequence[str] = ()) -> None:
        """`git pull`, write `files` and delete `deleted` (by path), add, commit, push."""
        git("pull", "--quiet", "--ff-only", cwd=self.folder)
        _write(self.folder, files, deleted)
        _commit_and_push(self.folder)


def push_to_new_clone(remote: Path, folder: Path, files: dict[str, bytes]) -> None:
    """Clone `remote` into `folder` (new), write `files`, add, commit, push."""
    git("clone", "--quiet", str(remote), str(folder))
    _write(folder, files, ())
    _commit_and_push(folder)


def _write(folder: Path, files: dict[str, bytes], deleted: Sequence[str]) -> None:
    for relpath in deleted:
        (folder / relpath).unlink()
    for relpath, data in files.items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _commit_and_push(folder: Path) -> None:
    git("add", "--all", cwd=folder)
    git("commit", "--quiet", "--message", "Add files", cwd=folder)
    git("push", "--quiet", "origin", "HEAD:refs/heads/main", cwd=folder)


def files_at(repository: str, folder: Path) -> dict[str, bytes]:
    """Every file of `repository`'s main branch, by path (read through a clone into `folder`)."""
    git("clone", "--quiet", repository, str(folder))
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(folder).parts
    }


def last_change(repository: str) -> tuple[dict[str, bytes], list[str]]:
    """What the newest commit of `repository` (a bare one) changed: files written, files deleted."""
    written, deleted = {}, []
    for line in git("diff", "--name-status", "--no-renames", "HEAD~1", "HEAD", cwd=Path(repository)).splitlines():
        status, path = line.split("\t", 1)
        if status == "D":
            deleted.append(path)
        else:
            written[path] = subprocess.run(
                ["git", "show", f"HEAD:{path}"], cwd=repository, check=True, capture_output=True
            ).stdout
    return written, deleted
