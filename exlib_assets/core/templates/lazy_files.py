"""Files read only when their bytes are needed.

A rebuild of the student template uses the kept view of every unchanged content: its secrets are
compared by the leak guard through their digests, kept with the view, so they are not read at
all unless a check needs their bytes (a notebook in the template is compared cell by cell); its
student files shipped unchanged are read only when the template's copy of them must be written.
"""

import hashlib
from collections.abc import Callable, Iterator, Mapping

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.manifest import file_sha256


class LazyFiles(Mapping[str, bytes]):
    """Files by label, each either held or read when first asked for. A file read later comes
    with its sha256 and git blob id, known beforehand, so that whoever needs only those (the
    leak guard, the comparison with the template's committed files) never reads it."""

    def __init__(self) -> None:
        self._held: dict[str, bytes] = {}
        self._readers: dict[str, Callable[[], bytes]] = {}
        self._order: dict[str, None] = {}  # every label, in the order added
        self.digests: dict[str, str] = {}
        self.blob_ids: dict[str, str] = {}

    def hold(self, label: str, data: bytes) -> None:
        self._held[label] = data
        self._readers.pop(label, None)
        self.digests.pop(label, None)
        self.blob_ids.pop(label, None)
        self._order[label] = None

    def read_later(self, label: str, digest: str, reader: Callable[[], bytes], blob_id: str | None = None) -> None:
        self._held.pop(label, None)
        self._readers[label] = reader
        self.digests[label] = digest
        self.blob_ids.pop(label, None)
        if blob_id is not None:
            self.blob_ids[label] = blob_id
        self._order[label] = None

    def merge(self, prefix: str, files: Mapping[str, bytes]) -> None:
        """Add every file of `files` under `prefix`/ (at the top when empty) without reading
        what it has not read."""
        for relpath in files:
            label = f"{prefix}/{relpath}" if prefix else relpath
            if isinstance(files, LazyFiles) and relpath in files._readers:
                files_blob = files.blob_ids.get(relpath)
                self.read_later(label, files.digests[relpath], files._readers[relpath], files_blob)
            else:
                self.hold(label, files[relpath])

    def digest_of(self, label: str) -> str:
        """The file's sha256, read and hashed only when not known."""
        known = self.digests.get(label)
        return known if known is not None else file_sha256(self[label])

    def blob_id_of(self, label: str) -> str:
        """The id git gives the file's bytes, read and hashed only when not known."""
        known = self.blob_ids.get(label)
        return known if known is not None else git_blob_id(self[label])

    def __getitem__(self, label: str) -> bytes:
        if label in self._held:
            return self._held[label]
        try:
            data = self._readers[label]()
        except OSError as error:
            raise ExlibError(
                f"{label} could not be read from the assignments working copy ({error}); build the template again."
            ) from error
        if file_sha256(data) != self.digests[label]:
            raise ExlibError(
                f"{label} changed in the assignments working copy while the student template was being built; "
                "build the template again."
            )
        self._held[label] = data
        del self._readers[label]
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, label: object) -> bool:
        return label in self._order


def git_blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
