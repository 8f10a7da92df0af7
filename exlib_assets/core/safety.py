"""The rules every example file set must pass before anything is written anywhere.

An example arrives either as a folder on disk (`exlib library import`) or as objects in
storage (copied in by other means). Both are checked here, problems are collected and
reported together, and the caller writes nothing unless the whole set passes.
"""

import os
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from exlib_assets.core.errors import ExampleTooLargeError, InvalidExampleError, UnsafePathError
from exlib_assets.core.settings import SizeLimits

# Build and editor droppings that are never part of an example; skipped, not rejected, so a
# lecturer who ran the tests locally can still import the folder.
IGNORED_NAMES = frozenset({"__pycache__", ".DS_Store", ".pytest_cache", ".ipynb_checkpoints"})
IGNORED_SUFFIXES = (".pyc", ".pyo")


def path_problem(path: str) -> str | None:
    """Why `path` is not a safe relative file path inside an example, or None if it is."""
    if not path:
        return "is empty"
    if "\\" in path:
        return "contains a backslash; use '/' between folders"
    if "\0" in path or "\n" in path or "\r" in path:
        return "contains a control character"
    if path.startswith("/") or PurePosixPath(path).is_absolute() or (len(path) > 1 and path[1] == ":"):
        return "is absolute; paths must be relative to the example folder"
    parts = path.split("/")
    if ".." in parts:
        return "contains '..', which would leave the example folder"
    if ".git" in parts:
        return "is inside a '.git/' folder, which is never part of an example"
    if any(part in ("", ".") for part in parts[:-1]) or parts[-1] in ("", "."):
        return "has an empty or '.' component"
    return None


def read_example_folder(folder: Path, limits: SizeLimits) -> dict[str, bytes]:
    """Read every file of an example folder, refusing the whole folder on the first unsafe thing.

    Refuses symlinks, anything under `.git/`, names that are not valid UTF-8, files over
    `limits.max_file_bytes` and folders over `limits.max_example_bytes`.
    """
    files = read_folder_files(folder, limits)
    if "meta.yaml" not in files:
        raise InvalidExampleError(f"example folder '{folder.name}': there is no meta.yaml at the top of the folder.")
    return files


def read_folder_files(folder: Path, limits: SizeLimits) -> dict[str, bytes]:
    """The same rules as read_example_folder for a folder that need not hold a meta.yaml yet
    (migrating an assignment folder writes one for it)."""
    where = f"example folder '{folder.name}'"
    if folder.is_symlink():
        raise UnsafePathError(f"{where}: the folder itself is a symlink; import the real folder.")
    if not folder.is_dir():
        raise InvalidExampleError(f"{where}: {folder} is not a folder.")

    problems: list[str] = []
    files: dict[str, bytes] = {}
    total = 0
    for relpath, entry in _walk(folder, problems):
        size = entry.stat(follow_symlinks=False).st_size
        if size > limits.max_file_bytes:
            problems.append(
                f"file {relpath!r} is {size} bytes, over the {limits.max_file_bytes}-byte limit per file"
                " (raise EXLIB_MAX_FILE_BYTES if it really belongs in the example)"
            )
            continue
        total += size
        if total > limits.max_example_bytes:
            raise ExampleTooLargeError(
                f"{where}: the example is over the {limits.max_example_bytes}-byte limit for a whole "
                "example (raise EXLIB_MAX_EXAMPLE_BYTES or move large data out of the example)."
            )
        files[relpath] = Path(entry.path).read_bytes()
    _raise_if_any(where, problems)
    return files


def check_file_set(files: Mapping[str, bytes], limits: SizeLimits, *, where: str) -> None:
    """Apply the same rules to a file set that did not come from disk (e.g. read from storage)."""
    problems = []
    total = 0
    for relpath, data in files.items():
        problem = path_problem(relpath)
        if problem:
            problems.append(f"path {relpath!r} {problem}")
        if len(data) > limits.max_file_bytes:
            problems.append(
                f"file {relpath!r} is {len(data)} bytes, over the {limits.max_file_bytes}-byte limit per file"
            )
        total += len(data)
    if total > limits.max_example_bytes:
        problems.append(
            f"the example is {total} bytes, over the {limits.max_example_bytes}-byte limit for a whole example"
        )
    _raise_if_any(where, problems)
    if "meta.yaml" not in files:
        raise InvalidExampleError(f"{where}: there is no meta.yaml at the top of the example.")


def _walk(folder: Path, problems: list[str], prefix: str = ""):
    """Yield (relative path, DirEntry) of regular files, appending every refusal to `problems`."""
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            relpath = f"{prefix}{entry.name}"
            if entry.name in IGNORED_NAMES or entry.name.endswith(IGNORED_SUFFIXES):
                continue
            if not _is_utf8(entry.name):
                shown = entry.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                problems.append(f"name {prefix}{shown!r} is not valid UTF-8; rename it")
                continue
            if entry.name == ".git":
                problems.append(f"{relpath!r} is a git folder; copy the example without its '.git/'")
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                problems.append(f"{relpath!r} is a symlink; replace it with the real file")
            elif stat.S_ISDIR(mode):
                yield from _walk(Path(entry.path), problems, f"{relpath}/")
            elif stat.S_ISREG(mode):
                yield relpath, entry
            else:
                problems.append(f"{relpath!r} is not a regular file (device, socket or pipe)")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.scandir keeps undecodable bytes as lone surrogates
        return False
    return True


def _raise_if_any(where: str, problems: list[str]) -> None:
    if problems:
        details = "\n".join(f"  - {problem}" for problem in problems)
        raise InvalidExampleError(f"{where} was refused, nothing was written:\n{details}")
