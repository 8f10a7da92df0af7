"""The assignments repository as a template build reads it: which content folders changed, and
the files of only those.

A folder's git tree id changes whenever anything below it changes (a file's bytes, name or mode,
a file added or removed, a nested folder), so a content whose folder has the tree id it had at
the previous build has exactly the files it had then, and its kept student view (view_cache) can
be used without reading or hashing any of them. The ids come from one `git ls-tree` of HEAD
(clone_or_fetch makes the working copy hold exactly HEAD); the next build lists again only the
folders on the way to what `git diff-tree` says changed since.

What git writes into the working copy also depends on `.gitattributes` files outside the folder
(line-ending conversion), so every folder's key includes their blob ids: editing any of them
makes every content be read again.
"""

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from exlib_assets.core.deployments.tracking import METADATA_DIR
from exlib_assets.core.githost.gitcli import nothing_secret, run_git
from exlib_assets.core.githost.kept_notes import is_object_id, keep_note, read_note

_ATTRIBUTES = ".gitattributes"
# Inside the working copy's `.git` folder, which no push can write: the keys at the commit built last.
RECORD_FILE = "exlib-folder-keys.json"
_RECORD_FORMAT = 1


def folder_keys(repository: Path, head: str | None = None) -> dict[str, str]:
    """Folder path -> a key that changes whenever any file git checks out below it may differ:
    its tree id at HEAD and every `.gitattributes` of the repository. Empty when git cannot say
    (no commit yet, a file name that is not UTF-8): then every content is read.

    With `head` (the commit checked out), the keys kept in `.git` from the previous build are
    brought up to date from what git says changed since then, which costs in proportion to the
    change; without a usable record every folder's tree is listed.
    """
    record = _load_record(repository) if head is not None else None
    if record is not None and record.commit == head:
        return record.keys
    keys = _refreshed(repository, record, head) if record is not None and head is not None else None
    if keys is None:
        keys = _all_keys(repository)
    if head is not None and keys:
        _keep_record(repository, head, keys)
    return keys


def _all_keys(repository: Path) -> dict[str, str]:
    try:
        listed = run_git(["ls-tree", "-r", "-d", "-z", "--full-tree", "HEAD"], redact=nothing_secret, cwd=repository)
        # The index is HEAD's tree here (checked out by force), and git finds these files in it
        # faster than a listing of every file would be read.
        attributes = run_git(
            ["ls-files", "--stage", "-z", "--", f":(glob)**/{_ATTRIBUTES}"], redact=nothing_secret, cwd=repository
        )
    except UnicodeDecodeError:
        return {}
    if listed.returncode != 0 or attributes.returncode != 0:
        return {}
    checkout = hashlib.sha256(attributes.stdout.encode()).hexdigest()
    return {path: f"{tree} {checkout}" for path, tree in _trees(listed.stdout).items()}


def _refreshed(repository: Path, record: "_Record", head: str) -> dict[str, str] | None:
    """The kept keys with those of every folder on the way to a path changed since the kept
    commit listed again; None when git cannot say, or a `.gitattributes` changed (every key does)."""
    try:
        changed = run_git(
            ["diff-tree", "-r", "-z", "--no-renames", "--name-only", record.commit, head],
            redact=nothing_secret,
            cwd=repository,
        )
    except UnicodeDecodeError:
        return None
    if changed.returncode != 0:
        return None
    paths = [path for path in changed.stdout.split("\0") if path]
    if any(path.rpartition("/")[2] == _ATTRIBUTES for path in paths):
        return None
    touched = {path.rsplit("/", depth)[0] for path in paths for depth in range(1, path.count("/") + 1)}
    if any("\n" in folder for folder in touched):
        return None  # cannot be asked on one line: list every tree
    checkout = next(iter(record.keys.values())).partition(" ")[2]
    keys = {folder: key for folder, key in record.keys.items() if folder not in touched}
    if not touched:
        return keys
    # Each folder on the way to a change, as it is at `head`: a tree (its new id), or gone.
    asked = sorted(touched)
    try:
        answers = run_git(
            ["cat-file", "--batch-check"],
            redact=nothing_secret,
            cwd=repository,
            stdin="".join(f"{head}:{f}\n" for f in asked),
        )
    except UnicodeDecodeError:
        return None
    lines = answers.stdout.splitlines()
    if answers.returncode != 0 or len(lines) != len(asked):
        return None
    for folder, line in zip(asked, lines, strict=True):
        if line.endswith(" missing"):
            continue  # gone at `head`
        found, kind, _ = line.split(" ")
        if not is_object_id(found):
            return None
        if kind == "tree":
            keys[folder] = f"{found} {checkout}"
    return keys


def _trees(listing: str) -> dict[str, str]:
    """Path -> tree id from `git ls-tree -d -z` output."""
    trees = {}
    for entry in listing.split("\0"):
        if entry:
            info, _, path = entry.partition("\t")
            trees[path] = info.rpartition(" ")[2]
    return trees


@dataclass(frozen=True)
class _Record:
    commit: str
    keys: dict[str, str]


def _load_record(repository: Path) -> _Record | None:
    try:
        record = json.loads(read_note(repository, RECORD_FILE) or "")
    except ValueError:  # missing, unreadable or not JSON: list every tree
        return None
    if not isinstance(record, dict) or record.get("format") != _RECORD_FORMAT:
        return None
    commit, keys = record.get("commit"), record.get("keys")
    if not isinstance(commit, str) or not isinstance(keys, dict) or not keys:
        return None
    if not all(isinstance(folder, str) and isinstance(key, str) and " " in key for folder, key in keys.items()):
        return None
    return _Record(commit, keys)


def _keep_record(repository: Path, head: str, keys: dict[str, str]) -> None:
    """Keep `keys` as those of `head` for the next build in this working copy (best effort)."""
    with contextlib.suppress(OSError):  # the next build lists every tree again
        keep_note(repository, RECORD_FILE, json.dumps({"format": _RECORD_FORMAT, "commit": head, "keys": keys}))


def read_folder(repository: Path, folder: str, content_folders: set[str]) -> dict[str, bytes]:
    """The files of the content in `folder`, by path inside it, in path order part by part.

    Folders of other contents below it are theirs, not its; `.git` and exlib's metadata folders
    are skipped; a symlink is never followed nor read: its target may be anything on the machine
    building the template. A folder reached through a symlink holds nothing.
    """
    start = _real_folder(repository, folder)
    if start is None:
        return {}
    files: dict[str, bytes] = {}
    for parts, names in _walk(start, folder, content_folders, ()):
        for name, path in names:
            with open(path, "rb") as file:
                files["/".join((*parts, name))] = file.read()
    return {relpath: files[relpath] for relpath in sorted(files, key=lambda p: p.split("/"))}


def read_regular_file(path: str | Path) -> bytes:
    """The bytes of a regular file; an OSError for anything else (a symlink is not followed)."""
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise OSError(f"{path} is not a regular file")
    with open(path, "rb") as file:
        return file.read()


def _real_folder(repository: Path, folder: str) -> str | None:
    """`repository/folder` when every part of it is a real folder (no symlink on the way)."""
    path = str(repository)
    for part in folder.split("/"):
        path = os.path.join(path, part)
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return None
        except FileNotFoundError:
            return None
    return path


def _walk(
    directory: str, folder: str, content_folders: set[str], parts: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], list[tuple[str, str]]]]:
    with os.scandir(directory) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    yield parts, [(entry.name, entry.path) for entry in entries if entry.is_file(follow_symlinks=False)]
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False) or entry.name in (".git", METADATA_DIR):
            continue
        inside = (*parts, entry.name)
        if "/".join((folder, *inside)) in content_folders:
            continue  # another content's folder
        yield from _walk(entry.path, folder, content_folders, inside)
