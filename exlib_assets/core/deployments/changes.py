"""A deployed folder's change, worked out before anything is written so that it can land on
`main` or on a proposal branch alike."""

from dataclasses import dataclass
from pathlib import Path

from exlib_assets.core.deployments.symlinks import refuse_symlinks
from exlib_assets.core.deployments.tracking import TRACKING_FILE, Tracking


@dataclass(frozen=True)
class FolderChange:
    # The deployed folder, relative to the repository (`week1/hello_world`).
    folder: str
    write: dict[str, bytes]
    delete: list[str]
    # The folder's new tracking file; None takes the deployment out (the folder is pruned).
    tracking: Tracking | None


def apply_change(repository: Path, change: FolderChange) -> None:
    refuse_symlinks(repository, change.folder)  # planning refuses them; a change must never write through one
    folder = repository / change.folder
    for relpath in change.delete:
        (folder / relpath).unlink(missing_ok=True)
    for relpath, content in change.write.items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if change.tracking is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / TRACKING_FILE).write_text(change.tracking.to_json())
    else:
        (folder / TRACKING_FILE).unlink(missing_ok=True)
        _prune_empty_folders(folder, repository)


def _prune_empty_folders(folder: Path, repository: Path) -> None:
    if not folder.is_dir():
        return
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    while folder != repository and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
