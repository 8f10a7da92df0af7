"""What the rest of exlib needs from example storage, whatever holds the bytes."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

META_FILE = "meta.yaml"


@dataclass(frozen=True)
class StoredVersion:
    """A version folder seen in storage. `complete` once its meta.yaml is there."""

    identifier: str
    version: str
    modified: float  # seconds since the epoch, as the storage reports it
    complete: bool = True

    @property
    def key(self) -> str:
        return f"{self.identifier}@{self.version}"


class ExampleStorage(ABC):
    """Immutable example versions of one library: written once, read many times, never overwritten."""

    library: str

    @abstractmethod
    def describe(self) -> str:
        """Where the files live, for messages (never includes credentials)."""

    @abstractmethod
    def has_version(self, identifier: str, version: str) -> bool:
        """True when the version's meta.yaml is stored (meta.yaml is written last)."""

    @abstractmethod
    def read_version(self, identifier: str, version: str) -> dict[str, bytes]:
        """Every file of a stored version by relative path; NotFoundError if it is not stored."""

    @abstractmethod
    def write_version(self, identifier: str, version: str, files: Mapping[str, bytes]) -> None:
        """Store a new version; VersionConflictError if it is stored, or if a partial copy with other
        content is in the way (a partial copy of exactly these files is completed)."""

    @abstractmethod
    def delete_version(self, identifier: str, version: str) -> None:
        """Remove a version nobody may use any more (a rejected contribution); nothing when it is not stored.

        meta.yaml goes first, so a deletion that stops half-way leaves an incomplete version that
        discovery ignores, and running it again finishes it."""

    @abstractmethod
    def list_versions(self, *, changed_since: float | None = None) -> list[StoredVersion]:
        """Versions in storage, including incomplete ones (no meta.yaml yet).

        With `changed_since`, versions unchanged since then may be left out, but every version
        that appeared or completed after it is returned.
        """
