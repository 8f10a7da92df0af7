"""Files read only when their bytes are needed.

A rebuild of the student template uses the kept view of every unchanged content: its secrets are
compared by the leak guard through their digests, kept with the view, so they are not read at
all unless a check needs their bytes (a notebook in the template is compared cell by cell).
"""

from collections.abc import Callable, Iterator, Mapping

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.manifest import file_sha256


class LazyFiles(Mapping[str, bytes]):
    """Files by label, each either held or read when first asked for, some with their sha256
    known beforehand (`digests`) so that whoever needs only the digest never reads them."""

    def __init__(self) -> None:
        self._held: dict[str, bytes] = {}
        self._readers: dict[str, Callable[[], bytes]] = {}
        self.digests: dict[str, str] = {}

    def hold(self, label: str, data: bytes) -> None:
        self._held[label] = data
        self._readers.pop(label, None)
        self.digests.pop(label, None)

    def read_later(self, label: str, digest: str, reader: Callable[[], bytes]) -> None:
        self._held.pop(label, None)
        self._readers[label] = reader
        self.digests[label] = digest

    def merge(self, prefix: str, files: Mapping[str, bytes]) -> None:
        """Add every file of `files` under `prefix`/ without reading what it has not read."""
        if isinstance(files, LazyFiles):
            for relpath, data in files._held.items():
                self.hold(f"{prefix}/{relpath}", data)
            for relpath, reader in files._readers.items():
                self.read_later(f"{prefix}/{relpath}", files.digests[relpath], reader)
        else:
            for relpath, data in files.items():
                self.hold(f"{prefix}/{relpath}", data)

    def __getitem__(self, label: str) -> bytes:
        if label in self._held:
            return self._held[label]
        data = self._readers[label]()
        if file_sha256(data) != self.digests[label]:
            raise ExlibError(
                f"{label} changed in the assignments working copy while the student template was being built; "
                "build the template again."
            )
        self._held[label] = data
        return data

    def __iter__(self) -> Iterator[str]:
        return iter([*self._held, *self._readers])

    def __len__(self) -> int:
        return len(self._held) + len(self._readers)

    def __contains__(self, label: object) -> bool:
        return label in self._held or label in self._readers
