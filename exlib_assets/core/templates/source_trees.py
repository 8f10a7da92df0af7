"""The assignments repository as a template build reads it: which content folders changed, and
the files of only those.

A folder's git tree id changes whenever anything below it changes (a file's bytes, name or mode,
a file added or removed, a nested folder), so a content whose folder has the tree id it had at
the previous build has exactly the files it had then, and its kept student view (view_cache) can
be used without reading or hashing any of them. The ids come from one `git ls-tree` of HEAD:
clone_or_fetch checks the working copy out by force and cleans it, so it holds exactly HEAD.

What git writes into the working copy also depends on `.gitattributes` files outside the folder
(line-ending conversion), so every folder's key includes their blob ids: editing any of them
makes every content be read again.
"""

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from exlib_assets.core.deployments.tracking import METADATA_DIR
from exlib_assets.core.githost.gitcli import run_git

_ATTRIBUTES = ".gitattributes"


def folder_keys(repository: Path) -> dict[str, str]:
    """Folder path -> a key that changes whenever any file git checks out below it may differ:
    its tree id at HEAD and every `.gitattributes` of the repository. Empty when git cannot say
    (no commit yet, a file name that is not UTF-8): then every content is read."""
    try:
        listed = run_git(["ls-tree", "-r", "-d", "-z", "--full-tree", "HEAD"], redact=lambda text: text, cwd=repository)
        # The index is HEAD's tree here (checked out by force), and git finds these files in it
        # faster than a listing of every file would be read.
        attributes = run_git(
            ["ls-files", "--stage", "-z", "--", f":(glob)**/{_ATTRIBUTES}"], redact=lambda text: text, cwd=repository
        )
    except UnicodeDecodeError:
        return {}
    if listed.returncode != 0 or attributes.returncode != 0:
        return {}
    trees = {}
    for entry in listed.stdout.split("\0"):
        if entry:
            info, _, path = entry.partition("\t")
            trees[path] = info.rpartition(" ")[2]
    checkout = hashlib.sha256(attributes.stdout.encode()).hexdigest()
    return {path: f"{tree} {checkout}" for path, tree in trees.items()}


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
