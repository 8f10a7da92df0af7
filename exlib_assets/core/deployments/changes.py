"""A deployed folder's change, worked out before anything is written so that it can land on
`main` or on a proposal branch alike."""

from dataclasses import dataclass
from pathlib import Path

from exlib_assets.core.deployments.tracking import TRACKING_FILE, Tracking
from exlib_assets.core.working_copy_writer import WorkingCopyWriter


@dataclass(frozen=True)
class FolderChange:
    # The deployed folder, relative to the repository (`week1/hello_world`).
    folder: str
    write: dict[str, bytes]
    delete: list[str]
    # The folder's new tracking file; None takes the deployment out (the folder is pruned).
    tracking: Tracking | None


def apply_change(repository: Path, change: FolderChange) -> None:
    writer = WorkingCopyWriter(repository)
    writer.refuse_symlinks(change.folder)  # planning refuses them; a change must never write through one
    for relpath in change.delete:
        writer.remove_file(f"{change.folder}/{relpath}")
    for relpath, content in change.write.items():
        writer.write_bytes(f"{change.folder}/{relpath}", content)
    if change.tracking is not None:
        writer.write_text(f"{change.folder}/{TRACKING_FILE}", change.tracking.to_json())
        # A folder emptied by the removals goes too, as git would not keep it: the working copy
        # is left holding exactly what is committed (see GitWorkspace.mark_settled).
        for emptied in sorted({f"{change.folder}/{relpath}".rpartition("/")[0] for relpath in change.delete}):
            writer.remove_empty_folders(emptied)
    else:
        writer.remove_file(f"{change.folder}/{TRACKING_FILE}")
        writer.remove_empty_folders(change.folder)
