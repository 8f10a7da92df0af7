"""Deploys read and write only inside the assignments repository's working copy.

Anyone who can push to the repository can commit a symlink. A deploy that followed one would
write and delete files wherever it points on the machine running exlib, or merge the content of
a file outside into the repository. So a content folder that is, lies under, or holds a symlink
is refused instead.
"""

import os
from pathlib import Path

from exlib_assets.core.errors import ExlibError


def symlink_problem(repository: Path, relative: str) -> str | None:
    """Why the folder `relative` (e.g. `week1/hello`) of the working copy must not be deployed
    into, or None when neither it, its parents inside the repository, nor anything in it is a symlink."""
    current = repository
    for part in relative.split("/"):
        current = current / part
        if current.is_symlink():
            return _refusal(current, repository)
        if not current.exists():
            return None
    for folder, subfolders, files in os.walk(current):
        for name in sorted(subfolders + files):
            if (Path(folder) / name).is_symlink():
                return _refusal(Path(folder) / name, repository)
    return None


def refuse_symlinks(repository: Path, relative: str) -> None:
    problem = symlink_problem(repository, relative)
    if problem:
        raise ExlibError(problem)


def _refusal(link: Path, repository: Path) -> str:
    shown = link.relative_to(repository).as_posix()
    return (
        f"{shown} in the assignments repository is a symlink, and exlib never deploys through symlinks; "
        "replace it with a real file or folder (commit and push that), then deploy again"
    )
