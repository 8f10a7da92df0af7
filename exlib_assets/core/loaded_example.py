"""An example version as exlib checks it: its files, its parsed meta.yaml and its fingerprint."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.errors import InvalidExampleError, InvalidVersionError, UnsafePathError
from exlib_assets.core.manifest import build_manifest, manifest_digest
from exlib_assets.core.meta import ExampleMeta, missing_files, parse_meta
from exlib_assets.core.safety import read_example_folder
from exlib_assets.core.settings import SizeLimits
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.versions import Version, parse_version


@dataclass(frozen=True)
class LoadedExample:
    """A checked example version, ready to be stored and indexed."""

    meta: ExampleMeta
    files: Mapping[str, bytes] = field(repr=False)
    manifest: dict[str, str]
    digest: str
    missing: list[str]
    source: str  # the folder or storage key it came from, for reports

    @property
    def identifier(self) -> str:
        return self.meta.identifier

    @property
    def version(self) -> str:
        return self.meta.version

    @property
    def key(self) -> str:
        return f"{self.identifier}@{self.version}"

    @property
    def size_bytes(self) -> int:
        return sum(len(data) for data in self.files.values())

    def notes(self) -> list[str]:
        """What a person importing the example should know, though nothing failed."""
        notes = [f"meta.yaml names {entry}, which is not in the example" for entry in self.missing]
        if self.meta.identifier_source == "folder":
            notes.insert(0, f"meta.yaml has no identifier or slug; took the folder name {self.identifier!r}")
        return notes


def load_example_folder(folder: Path, limits: SizeLimits) -> LoadedExample:
    files = read_example_folder(folder, limits)
    return _load(files, folder_name=folder.name, source=str(folder))


def load_stored_example(identifier: str, version: str, files: Mapping[str, bytes]) -> LoadedExample:
    """Check a version read back from storage, and that it is stored where its meta.yaml says.

    Call `check_file_set` first: this assumes the files passed the safety rules.
    """
    where = f"stored example {identifier}@{version}"
    loaded = _load(files, folder_name=identifier, source=where)
    if loaded.identifier != identifier or parse_version(loaded.version) != _stored_version(version, where):
        raise InvalidExampleError(
            f"{where}: its meta.yaml says {loaded.key}; store it under "
            f"repositories/<library>/{loaded.identifier}/{loaded.version}/ instead."
        )
    return loaded


def _load(files: Mapping[str, bytes], *, folder_name: str, source: str) -> LoadedExample:
    _refuse_tracking_files(files, folder_name)
    meta = parse_meta(files[META_FILE], folder=folder_name)
    manifest = build_manifest(files)
    return LoadedExample(
        meta=meta,
        files=files,
        manifest=manifest,
        digest=manifest_digest(manifest),
        missing=[str(entry) for entry in missing_files(meta, files.keys())],
        source=source,
    )


def _stored_version(version: str, where: str) -> Version:
    try:
        return parse_version(version)
    except InvalidVersionError as error:
        raise InvalidExampleError(f"{where}: the storage folder name is not a version: {error}") from error


def _refuse_tracking_files(files: Mapping[str, bytes], folder_name: str) -> None:
    # Deploying such a file would plant a tracking file of exlib's own in the course repository:
    # a damaged one stops every deploy of the course, a well-formed one passes for a deployment.
    planted = sorted(relpath for relpath in files if relpath.rsplit("/", 1)[-1] == TRACKING_FILE)
    if planted:
        raise UnsafePathError(
            f"example {folder_name!r}: {', '.join(planted)}: {TRACKING_FILE} is the name of the tracking file "
            "exlib writes into every deployed folder; an example cannot hold one: remove it."
        )
