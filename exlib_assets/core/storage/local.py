"""Example storage in a local folder: the embedded default."""

import errno
import fcntl
import hashlib
import os
import shutil
import stat
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from exlib_assets.core.errors import NotFoundError, StorageError, VersionConflictError
from exlib_assets.core.storage.base import META_FILE, ExampleStorage, StoredVersion
from exlib_assets.core.storage.keys import library_prefix, version_prefix


class LocalFolderStorage(ExampleStorage):
    def __init__(self, root: Path, library: str):
        self.root = Path(root)
        self.library = library
        self._library_dir = self.root / library_prefix(library)

    def describe(self) -> str:
        return f"folder {self.root}"

    def _version_dir(self, identifier: str, version: str) -> Path:
        return self.root / version_prefix(self.library, identifier, version)

    def has_version(self, identifier: str, version: str) -> bool:
        return (self._version_dir(identifier, version) / META_FILE).is_file()

    def read_version(self, identifier: str, version: str) -> dict[str, bytes]:
        folder = self._version_dir(identifier, version)
        if not (folder / META_FILE).is_file():
            raise NotFoundError(f"{identifier}@{version} is not in storage ({self.describe()}).")
        return dict(_read_tree(folder))

    def write_version(self, identifier: str, version: str, files: Mapping[str, bytes]) -> None:
        # One writer of a version at a time (another process's import, another thread's): what
        # the checks below see stays true until this write is in place.
        with self._writing(identifier, version):
            self._write_version(identifier, version, files)

    def _write_version(self, identifier: str, version: str, files: Mapping[str, bytes]) -> None:
        final = self._version_dir(identifier, version)
        if (final / META_FILE).exists():
            if dict(_read_tree(final)) == dict(files):
                return  # another import of the same content finished first
            raise VersionConflictError(
                f"{identifier}@{version} is already stored in {self.describe()}; "
                "a stored version is never overwritten: bump the version in meta.yaml."
            )
        if final.exists() and any(final.iterdir()):
            if not _is_part_of(final, files):
                raise VersionConflictError(
                    f"{final} holds a partial copy of {identifier}@{version} (no meta.yaml) with other "
                    "content; finish copying it or remove the folder, then try again."
                )
            # A copy of exactly these files that stopped before meta.yaml: replace it whole.
            shutil.rmtree(final)
        # Written aside and renamed into place, so a reader never sees half a version.
        staging = self.root / ".incoming" / uuid.uuid4().hex
        try:
            for relpath, data in files.items():
                target = staging / relpath
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.rename(staging, final)
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
                # Someone copied files in by hand meanwhile (exlib's writers wait for each other).
                raise VersionConflictError(
                    f"{final} was filled by someone else while {identifier}@{version} was being stored; "
                    "nothing of this import was kept: check what is there, then bump the version or remove it."
                ) from error
            raise StorageError(f"could not store {identifier}@{version} in {self.describe()}: {error}") from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    @contextmanager
    def _writing(self, identifier: str, version: str) -> Iterator[None]:
        """Hold the version's write lock (an flock, released by the kernel if the process dies)."""
        name = hashlib.sha256(version_prefix(self.library, identifier, version).encode()).hexdigest()
        locks = self.root / ".locks"
        try:
            locks.mkdir(parents=True, exist_ok=True)
            handle = open(locks / name, "a+b")  # noqa: SIM115 - held across the yield
        except OSError as error:
            raise StorageError(f"could not store {identifier}@{version} in {self.describe()}: {error}") from error
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def delete_version(self, identifier: str, version: str) -> None:
        folder = self._version_dir(identifier, version)
        with self._writing(identifier, version):
            (folder / META_FILE).unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)

    def list_versions(self, *, changed_since: float | None = None) -> list[StoredVersion]:
        found = []
        for identifier_entry in _subdirs(self._library_dir):
            for version_entry in _subdirs(Path(identifier_entry.path)):
                meta = Path(version_entry.path) / META_FILE
                # ctime as well as mtime: `cp -a`, `rsync -a` and `mv` keep old mtimes, but the
                # inode change time of what they create or move is always now.
                modified = max(_changed(identifier_entry), _changed(version_entry), _changed(meta))
                if changed_since is not None and modified < changed_since:
                    continue
                found.append(
                    StoredVersion(
                        identifier=identifier_entry.name,
                        version=version_entry.name,
                        modified=modified,
                        complete=meta.is_file(),
                    )
                )
        return found


def _changed(entry: os.DirEntry | Path) -> float:
    try:
        info = entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return 0.0
    return max(info.st_mtime, info.st_ctime)


def _is_part_of(folder: Path, files: Mapping[str, bytes]) -> bool:
    """True when every file in `folder` is one of `files`, byte for byte."""
    try:
        present = dict(_read_tree(folder))
    except StorageError:
        return False
    return all(relpath in files and files[relpath] == data for relpath, data in present.items())


def _subdirs(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if entry.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return []


def _read_tree(folder: Path, prefix: str = ""):
    with os.scandir(folder) as entries:
        for entry in entries:
            mode = entry.stat(follow_symlinks=False).st_mode
            relpath = f"{prefix}{entry.name}"
            if stat.S_ISDIR(mode):
                yield from _read_tree(Path(entry.path), f"{relpath}/")
            elif stat.S_ISREG(mode):
                yield relpath, Path(entry.path).read_bytes()
            else:
                # Someone put a symlink or device into storage by hand; never follow it.
                raise StorageError(f"{folder / entry.name} in storage is not a regular file; remove it from storage.")
