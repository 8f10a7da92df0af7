"""Every write exlib makes into a working copy of a course repository goes through here.

Anyone who can push to a course repository can commit a symlink, and git checks it out as one.
A write that followed it (a deploy's files, the course index and history, a template's README)
would change whatever it points at on the machine running exlib, and a read through it would
copy an outside file into the repository. So every path is taken apart here and refused, with
the path named, when any part of it is a symlink (a parent folder, the folder itself or the final
file), when it could leave the working copy (absolute, `..`), or when it lies under `.git/`.

How, and how far a race is considered: each folder on the way is opened relative to the one
before it with `O_NOFOLLOW | O_DIRECTORY`, and the final name is opened, created, listed or
removed relative to its folder's descriptor without following a link. The check is the open
itself, so there is no moment between checking a path and using it. The working copy belongs to
one run at a time (a lock per repository), and git, the only other writer, has finished its
checkout before exlib writes, so nothing races within it; the descriptors also hold if something
on the machine did. A regular file with more than one hard link is refused too: git never checks
out hard links, so one was made on this machine and may be shared with a file outside.
"""

import errno
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from exlib_assets.core.errors import ExlibError

ASSIGNMENTS = "the assignments repository"
STUDENT_TEMPLATE = "the student template repository"

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: a FIFO (which git cannot check out, but a local user could make) fails instead of hanging.
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


class UnsafeWorkingCopyPathError(ExlibError):
    """A path in a working copy exlib will not write (or read) through: a symlink on the way, a
    path leaving the working copy, or a path under `.git/`. Nothing was written through it."""


class WorkingCopyWriter:
    """Writes, reads and removes files of the working copy at `root` by paths relative to it
    (`week1/hello/solution.py`); `repository` names it in errors (e.g. "the assignments repository")."""

    def __init__(self, root: Path, repository: str = ASSIGNMENTS):
        # The working copy's own location is exlib's (EXLIB_HOME), so links above it are the
        # machine's business; only what lies inside came from the repository.
        self.root = Path(os.path.realpath(root))
        self.repository = repository

    # -- writing -----------------------------------------------------------------------------------

    def write_bytes(self, relpath: str, data: bytes) -> None:
        """Replace (or create) the file at `relpath` with `data`, making its missing folders."""
        parts = self._parts(relpath)
        with self._folder(parts[:-1], create=True) as folder:
            self._write_in(folder, parts, data)

    def write_files(self, relpaths: Iterable[str], contents: Mapping[str, bytes]) -> None:
        """write_bytes of each path in `relpaths` with its bytes in `contents`, every folder opened
        (and checked) once for all its files: a template build writes thousands of files."""
        by_folder: dict[tuple[str, ...], list[list[str]]] = {}
        for relpath in relpaths:
            parts = self._parts(relpath)
            by_folder.setdefault(tuple(parts[:-1]), []).append(parts)
        for folder_parts, files in by_folder.items():
            with self._folder(list(folder_parts), create=True) as folder:
                for parts in files:
                    self._write_in(folder, parts, contents["/".join(parts)])

    def write_text(self, relpath: str, text: str) -> None:
        self.write_bytes(relpath, text.encode())

    def make_folder(self, relpath: str) -> None:
        """Make the folder `relpath` and its missing parents (like `mkdir -p`)."""
        with self._folder(self._parts(relpath), create=True):
            pass

    def remove_file(self, relpath: str) -> None:
        """Remove the file at `relpath`, if there is one; a symlink there is refused, not removed."""
        parts = self._parts(relpath)
        try:
            with self._folder(parts[:-1], create=False) as folder:
                try:
                    info = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
                except FileNotFoundError:
                    return
                self._require_plain_file(parts, info)
                os.unlink(parts[-1], dir_fd=folder)
        except _Missing:
            return

    def remove_empty_folders(self, relpath: str = "") -> None:
        """Remove every empty folder below `relpath`, then `relpath` and its parents while they are
        empty; the working copy itself and `.git/` stay. Symlinks met on the way are refused."""
        parts = self._parts(relpath) if relpath else []
        try:
            with self._folder(parts, create=False) as folder:
                self._prune(folder, parts)
        except _Missing:
            return
        while parts:
            try:
                with self._folder(parts[:-1], create=False) as parent:
                    os.rmdir(parts[-1], dir_fd=parent)
            except OSError as error:
                if error.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
                    return
                raise
            except _Missing:
                return
            parts = parts[:-1]

    # -- reading -----------------------------------------------------------------------------------

    def read_bytes(self, relpath: str) -> bytes | None:
        """The bytes of the file at `relpath`, or None when there is none; never read through a link."""
        parts = self._parts(relpath)
        try:
            with self._folder(parts[:-1], create=False) as folder:
                try:
                    descriptor = os.open(parts[-1], _READ_FLAGS, dir_fd=folder)
                except FileNotFoundError:
                    return None
                except OSError as error:
                    raise self._refusal(parts, folder, error) from error
                with os.fdopen(descriptor, "rb") as opened:
                    self._require_plain_file(parts, os.fstat(opened.fileno()), hard_links_ok=True)
                    return opened.read()
        except _Missing:
            return None

    def list_files(self, relpath: str = "") -> list[str]:
        """Every file below `relpath` (the whole working copy by default, `.git/` left out), as
        paths relative to the working copy; refused if a symlink sits on the way or anywhere below."""
        parts = self._parts(relpath) if relpath else []
        try:
            with self._folder(parts, create=False) as folder:
                return sorted(self._walk(folder, parts))
        except _Missing:
            return []

    def symlink_problem(self, relpath: str) -> str | None:
        """Why the folder `relpath` must not be written: a symlink as it, above it or anywhere in
        it (its files are read as well as written, so nothing outside may flow into the
        repository), or a file where a folder of the path should be; None if nothing is wrong."""
        try:
            self.list_files(relpath)
        except UnsafeWorkingCopyPathError as error:
            return str(error)
        return None

    def refuse_symlinks(self, relpath: str) -> None:
        """symlink_problem() as an error."""
        self.list_files(relpath)

    # -- the guard -------------------------------------------------------------------------------

    def _write_in(self, folder: int, parts: list[str], data: bytes) -> None:
        """Write the file named parts[-1] in the open `folder` (the folder of `parts`)."""
        try:
            descriptor = os.open(parts[-1], _WRITE_FLAGS, 0o666, dir_fd=folder)
        except OSError as error:
            raise self._refusal(parts, folder, error) from error
        try:
            info = os.fstat(descriptor)
            self._require_plain_file(parts, info)
            # Not O_TRUNC: that would empty a hard-linked file before it is refused. And only a
            # file with something in it: on ext4, truncating a new, empty file still costs a
            # journal entry, a third of the time a deploy spends writing its files.
            if info.st_size:
                os.ftruncate(descriptor, 0)
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)

    def _parts(self, relpath: str) -> list[str]:
        text = str(relpath)
        parts = PurePosixPath(text).parts
        problem = None
        if not text or "\0" in text:
            problem = "is not a path"
        elif PurePosixPath(text).is_absolute():
            problem = "is absolute, so it lies outside the working copy"
        elif any(part == ".." for part in parts) or any(part in ("", ".") for part in text.split("/")):
            problem = "is not a plain relative path ('..', '.' or an empty part), so it may leave the working copy"
        elif any(part.casefold() == ".git" for part in parts):
            problem = "lies under .git/, which only git writes"
        if problem:
            raise UnsafeWorkingCopyPathError(
                f"{text!r} in {self.repository} {problem}; exlib writes only plain paths inside the working copy. "
                "This is a bug in exlib if no one put the path there: report it with the command you ran."
            )
        return list(parts)

    @contextmanager
    def _folder(self, parts: list[str], *, create: bool) -> Iterator[int]:
        """A descriptor of the folder `parts`, opened part by part without following a link;
        _Missing when a part does not exist and `create` is False."""
        current = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            for depth, part in enumerate(parts):
                try:
                    following = os.open(part, _FOLDER_FLAGS, dir_fd=current)
                except FileNotFoundError:
                    if not create:
                        raise _Missing() from None
                    try:
                        os.mkdir(part, 0o777, dir_fd=current)
                    except FileExistsError:
                        pass  # made meanwhile (by git or this run): opened below like any folder
                    try:
                        following = os.open(part, _FOLDER_FLAGS, dir_fd=current)
                    except OSError as error:
                        raise self._refusal(parts[: depth + 1], current, error) from error
                except OSError as error:
                    raise self._refusal(parts[: depth + 1], current, error) from error
                os.close(current)
                current = following
            yield current
        finally:
            os.close(current)

    def _walk(self, folder: int, parts: list[str]) -> Iterator[str]:
        with os.scandir(folder) as entries:
            listing = sorted(entries, key=lambda entry: entry.name)
        for entry in listing:
            if not parts and entry.name == ".git":
                continue
            inner = [*parts, entry.name]
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                raise UnsafeWorkingCopyPathError(self._symlink_message(inner))
            if stat.S_ISDIR(info.st_mode):
                descriptor = self._open_inner_folder(folder, inner)
                try:
                    yield from self._walk(descriptor, inner)
                finally:
                    os.close(descriptor)
            else:
                yield "/".join(inner)

    def _prune(self, folder: int, parts: list[str]) -> bool:
        """Remove the empty folders below `folder`; whether it is empty now."""
        empty = True
        with os.scandir(folder) as entries:
            listing = list(entries)
        for entry in listing:
            if not parts and entry.name == ".git":
                empty = False
                continue
            inner = [*parts, entry.name]
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                raise UnsafeWorkingCopyPathError(self._symlink_message(inner))
            if not stat.S_ISDIR(info.st_mode):
                empty = False
                continue
            descriptor = self._open_inner_folder(folder, inner)
            try:
                inner_empty = self._prune(descriptor, inner)
            finally:
                os.close(descriptor)
            if inner_empty:
                os.rmdir(entry.name, dir_fd=folder)
            else:
                empty = False
        return empty

    def _open_inner_folder(self, folder: int, inner: list[str]) -> int:
        try:
            return os.open(inner[-1], _FOLDER_FLAGS, dir_fd=folder)
        except OSError as error:
            raise self._refusal(inner, folder, error) from error

    def _require_plain_file(self, parts: list[str], info: os.stat_result, *, hard_links_ok: bool = False) -> None:
        shown = "/".join(parts)
        if stat.S_ISLNK(info.st_mode):
            raise UnsafeWorkingCopyPathError(self._symlink_message(parts))
        if stat.S_ISDIR(info.st_mode):
            raise UnsafeWorkingCopyPathError(
                f"{shown} in {self.repository} is a folder where exlib needs a file; "
                "move it away (commit and push that), then run the command again"
            )
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeWorkingCopyPathError(
                f"{shown} in {self.repository} is not a regular file (a device, pipe or socket); "
                "exlib writes only plain files: remove it, then run the command again"
            )
        if info.st_nlink > 1 and not hard_links_ok:
            raise UnsafeWorkingCopyPathError(
                f"{shown} in {self.repository}'s working copy ({self.root}) has {info.st_nlink} hard links, "
                "so writing it could change a file outside; git never makes them, so someone on this machine did: "
                "delete the working copy folder, then run the command again"
            )

    def _refusal(self, parts: list[str], folder: int, error: OSError) -> Exception:
        """The error for an open of `parts[-1]` (relative to `folder`) that failed with `error`."""
        try:
            info = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
        except OSError:
            return error
        if stat.S_ISLNK(info.st_mode):
            return UnsafeWorkingCopyPathError(self._symlink_message(parts))
        if error.errno == errno.ENOTDIR:
            shown = "/".join(parts)
            return UnsafeWorkingCopyPathError(
                f"{shown} in {self.repository} is a file where exlib needs a folder; "
                "move it away (commit and push that), then run the command again"
            )
        try:
            self._require_plain_file(parts, info, hard_links_ok=True)
        except UnsafeWorkingCopyPathError as refusal:
            return refusal
        return error

    def _symlink_message(self, parts: list[str]) -> str:
        return (
            f"{'/'.join(parts)} in {self.repository} is a symlink, and exlib never writes or reads through "
            "symlinks (it could change or publish files outside the repository); replace it with a real file or "
            "folder (commit and push that), then run the command again"
        )


class _Missing(Exception):
    """A folder on the way does not exist (only raised when nothing is to be created)."""
