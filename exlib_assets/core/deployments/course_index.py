"""The course index, brought up to date from what changed instead of re-read from every tracking file.

`.course-metadata/deployed-examples.json` lists every deployment of the working copy
(tracking.course_index). Deriving it from every tracking file on each run made one example into a
course of 500 cost twice what it costs at 100. So each working copy keeps, inside its own `.git`
folder (which no push can write), what the index held at the commit this run last wrote, and the
next run reads again only:
- the tracking files git says differ between that commit and the one checked out: whoever pushed
  meanwhile (a lecturer's edit, a damaged file, a planted symlink), it is noticed and read with the
  same guard as before;
- the tracking files the run itself writes or removes.
When the record is missing or unreadable, or names a commit the working copy does not have, every
tracking file is read, as before. Either way the index text is the same, byte for byte.
"""

import json
import os
from collections.abc import Iterable
from pathlib import Path

from exlib_assets.core.deployments.changes import FolderChange
from exlib_assets.core.deployments.tracking import (
    DEPLOYED_INDEX,
    TRACKING_FILE,
    deployed_trackings,
    index_entry,
    is_deployment_folder,
    read_deployed_tracking,
    render_course_index,
)
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.kept_notes import keep_note, read_note
from exlib_assets.core.working_copy_writer import WorkingCopyWriter

# Inside the working copy's `.git` folder: git never checks anything out there.
RECORD_FILE = "exlib-course-index.json"
_RECORD_FORMAT = 1

# Each deployment folder's index entry; None for a damaged tracking file.
Folders = dict[str, dict[str, str] | None]


def index_folders(workspace: GitWorkspace) -> Folders:
    """Each deployment folder of the checked-out commit and its index entry (None when damaged).

    Raises what reading the tracking files raises (a symlink in place of one, for instance)."""
    head = workspace.head()
    record = _load_record(workspace.folder)
    if record is not None and head is not None:
        commit, folders = record
        if commit == head:
            return folders
        changed = workspace.changed_paths(commit)
        if changed is not None:
            return refresh(workspace.folder, folders, tracking_folders(changed))
    return derive(workspace.folder)


def derive(repository: Path) -> Folders:
    """Every deployment folder and its entry, read from every tracking file of the working copy."""
    damaged: list[str] = []
    found: Folders = {folder: index_entry(folder, t) for folder, t in deployed_trackings(repository, damaged).items()}
    return found | dict.fromkeys(damaged)


def refresh(repository: Path, folders: Folders, candidates: Iterable[str]) -> Folders:
    """`folders` with the tracking file of each folder in `candidates` read again from the working
    copy: added, changed, damaged or gone, exactly as reading every tracking file would find it."""
    updated = dict(folders)
    reader = WorkingCopyWriter(repository)
    for folder in candidates:
        updated.pop(folder, None)
        parts = () if folder == "." else tuple(folder.split("/"))
        if not is_deployment_folder(parts) or not _listed(repository, parts):
            continue
        damaged: list[str] = []
        tracking = read_deployed_tracking(reader, folder, damaged)
        updated[folder] = index_entry(folder, tracking) if tracking is not None else None
    return updated


def tracking_folders(paths: Iterable[str]) -> set[str]:
    """The folders whose tracking file is, or lies on the way to, one of `paths` (relative to the
    repository): a file `week1/a/.example-library` or anything below a folder of that name."""
    found = set()
    for path in paths:
        parts = path.split("/")
        for depth, part in enumerate(parts):
            if part == TRACKING_FILE:
                found.add("/".join(parts[:depth]) or ".")
    return found


def changed_by(changes: Iterable[FolderChange]) -> set[str]:
    """The folders whose tracking file the applied `changes` may have written or removed."""
    found = set()
    for change in changes:
        inside = [*change.write, *change.delete, TRACKING_FILE]
        found |= tracking_folders(f"{change.folder}/{relpath}" for relpath in inside)
    return found


def index_text(folders: Folders) -> str:
    """The course index for `folders`, listed in the order deployed_trackings() reads them."""
    ordered = sorted(folders, key=_reading_order)
    deployments = [entry for folder in ordered if (entry := folders[folder]) is not None]
    return render_course_index(deployments, [folder for folder in ordered if folders[folder] is None])


def write_index(repository: Path, folders: Folders) -> None:
    WorkingCopyWriter(repository).write_text(DEPLOYED_INDEX, index_text(folders))


def remember(repository: Path, commit: str, folders: Folders) -> None:
    """Keep `folders` as the index at `commit` for the next run in this working copy."""
    keep_note(repository, RECORD_FILE, json.dumps({"format": _RECORD_FORMAT, "commit": commit, "folders": folders}))


def _load_record(repository: Path) -> tuple[str, Folders] | None:
    """The kept commit and folders, or None when there is no usable record."""
    try:
        record = json.loads(read_note(repository, RECORD_FILE) or "")
    except ValueError:  # missing, unreadable or not JSON: read every tracking file
        return None
    if not isinstance(record, dict) or record.get("format") != _RECORD_FORMAT:
        return None
    commit, folders = record.get("commit"), record.get("folders")
    if not isinstance(commit, str) or not isinstance(folders, dict) or not all(map(_is_entry, folders.values())):
        return None
    return commit, folders


def _is_entry(entry: object) -> bool:
    return entry is None or (isinstance(entry, dict) and all(isinstance(v, str) for v in entry.values()))


def _listed(repository: Path, parts: tuple[str, ...]) -> bool:
    """Whether reading every tracking file would meet `parts`/.example-library: it walks real
    folders only (never into a symlinked one) and meets whatever sits at that name."""
    current = repository
    for part in parts:
        current = current / part
        if current.is_symlink() or not current.is_dir():
            return False
    return os.path.lexists(current / TRACKING_FILE)


def _reading_order(folder: str) -> tuple[str, ...]:
    # deployed_trackings() sorts the tracking files' paths, which compare part by part.
    parts = () if folder == "." else tuple(folder.split("/"))
    return (*parts, TRACKING_FILE)
