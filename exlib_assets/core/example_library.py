"""The Example Library as its users see it: import folders, index stored versions, list and show."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exlib_assets.core import library_index
from exlib_assets.core.db.engine import Database
from exlib_assets.core.db.models import Example, ExampleVersion
from exlib_assets.core.errors import (
    DependencyError,
    ExlibError,
    InvalidExampleError,
    NotFoundError,
    VersionConflictError,
)
from exlib_assets.core.manifest import build_manifest, manifest_digest
from exlib_assets.core.safety import check_file_set
from exlib_assets.core.settings import SizeLimits
from exlib_assets.core.storage import META_FILE, ExampleStorage
from exlib_assets.core.storage.keys import version_prefix
from exlib_assets.core.versions import parse_version

if TYPE_CHECKING:
    from exlib_assets.core.loaded_example import LoadedExample


@dataclass(frozen=True)
class VersionOrigin:
    """Where imported versions were read from: a library source and one of its commits."""

    source: str
    commit: str

    def record(self, version: ExampleVersion) -> None:
        version.source_name = self.source
        version.source_commit = self.commit


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        return {"imported": self.imported, "unchanged": self.unchanged, "failed": self.failed}


@dataclass
class IndexReport:
    """What indexing one stored version found, stage by stage.

    A version is indexed only when its files are safe, its meta.yaml is valid and its
    dependencies make no cycle; unresolvable dependencies are reported but do not stop it,
    because versions copied into storage may arrive in any order.
    """

    key: str
    file_problem: str | None = None
    meta_problem: str | None = None
    dependency_problems: list[str] = field(default_factory=list)
    blocked_by_cycle: bool = False
    loaded: "LoadedExample | None" = None
    created: bool = False
    # The library source and commit the version was synced from, if it came from one.
    source_name: str | None = None
    source_commit: str | None = None

    @property
    def indexed(self) -> bool:
        return self.loaded is not None and not self.blocked_by_cycle


def find_example_folders(path: Path) -> list[Path]:
    """`path` itself if it holds a meta.yaml, else every folder below it that does (not nested)."""
    if not path.exists():
        raise NotFoundError(f"{path} does not exist.")
    if (path / META_FILE).is_file():
        return [path]
    if not path.is_dir():
        raise ExlibError(f"{path} is neither an example folder (with a meta.yaml) nor a folder of examples.")
    found = []
    for child in sorted(path.iterdir()):
        if child.name.startswith(".") or not child.is_dir():
            continue
        if child.is_symlink():
            # Never followed (it could loop or leave the tree), but named: importing it reports why.
            if (child / META_FILE).is_file():
                found.append(child)
            continue
        found.extend(find_example_folders(child))
    return found


class ExampleLibrary:
    def __init__(self, db: Database, storage: ExampleStorage, limits: SizeLimits):
        self.db = db
        self.storage = storage
        self.limits = limits

    # -- import ------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path]) -> ImportReport:
        """Import example folders in dependency order; one bad example does not stop the others."""
        # Reading meta.yaml (its model and parser) is loaded by the commands that read examples,
        # not by those that only list what the database holds.
        from exlib_assets.core.loaded_example import load_example_folder

        report = ImportReport()
        loaded: list[LoadedExample] = []
        for path in paths:
            try:
                folders = find_example_folders(Path(path))
            except ExlibError as error:
                report.failed.append({"path": str(path), "error": str(error)})
                continue
            if not folders:
                report.failed.append({"path": str(path), "error": f"no folder with a meta.yaml under {path}."})
            for folder in folders:
                try:
                    loaded.append(load_example_folder(folder, self.limits))
                except ExlibError as error:
                    report.failed.append({"path": str(folder), "error": str(error)})

        return self.import_loaded(loaded, report)

    def import_loaded(
        self, loaded: "list[LoadedExample]", report: ImportReport | None = None, *, origin: VersionOrigin | None = None
    ) -> ImportReport:
        """Store and index checked examples in dependency order, each on its own.

        `origin` names the git source and commit they were read from; it is recorded with each
        version in the same transaction that indexes it.
        """
        report = report or ImportReport()
        batch = _newest_per_identifier(loaded)
        for example in _dependency_order(loaded):
            try:
                outcome = self._import_one(example, batch, origin)
            except ExlibError as error:
                report.failed.append({"path": example.source, "error": str(error)})
                continue
            entry = {
                "identifier": example.identifier,
                "version": example.version,
                "path": example.source,
                "digest": example.digest,
                "files": len(example.manifest),
                "notes": example.notes(),
            }
            (report.imported if outcome else report.unchanged).append(entry)
        return report

    def _import_one(
        self, example: "LoadedExample", batch: "dict[str, LoadedExample]", origin: VersionOrigin | None = None
    ) -> bool:
        """Store and index one example; False when it was already there, unchanged."""
        with self.db.session() as session:
            library = library_index.get_or_create_library(session, self.storage.library)
            known = library_index.find_example(session, library, example.identifier)
            if known is not None and library_index.find_version(known, example.version) is not None:
                # Refuses other content under the same tag; the same content changes nothing.
                outcome = library_index.index_version(session, library, example, self._prefix(example))
                if origin is not None and outcome.version.source_commit is None:
                    origin.record(outcome.version)  # the sync that indexed it died before recording
                if not self.storage.has_version(example.identifier, example.version):
                    self._store(example)  # storage lost it after indexing: put it back
                return False
            candidates = {key: _dependency_ids(other) for key, other in batch.items()}
            candidates[example.identifier] = _dependency_ids(example)
            library_index.require_no_cycle(session, library, candidates)
            problems = library_index.dependency_problems(session, library, example)
            if problems:
                raise DependencyError(f"{example.key}: " + "; ".join(problems) + ".")
            self._store(example)
            outcome = library_index.index_version(session, library, example, self._prefix(example))
            if origin is not None:
                origin.record(outcome.version)
            return True

    def _store(self, example: "LoadedExample") -> None:
        """Write the version unless storage has it (an earlier import died before indexing);
        a stored copy must hold the same content."""
        if not self.storage.has_version(example.identifier, example.version):
            self.storage.write_version(example.identifier, example.version, example.files)
            return
        stored = self.storage.read_version(example.identifier, example.version)
        if manifest_digest(build_manifest(stored)) != example.digest:
            raise VersionConflictError(
                f"{example.key} is already in storage ({self.storage.describe()}) with different content; "
                "a stored version is never overwritten: bump `version` in meta.yaml."
            )

    def _prefix(self, example: "LoadedExample") -> str:
        return version_prefix(self.storage.library, example.identifier, example.version)

    # -- index a version that arrived in storage by other means -------------------------------

    def index_stored(self, identifier: str, version: str) -> IndexReport:
        """Check a version found in storage and index it; storage or database faults raise."""
        from exlib_assets.core.loaded_example import load_stored_example

        report = IndexReport(key=f"{identifier}@{version}")
        files = self.storage.read_version(identifier, version)
        try:
            check_file_set(files, self.limits, where=f"stored example {report.key}")
        except InvalidExampleError as error:
            report.file_problem = str(error)
            return report
        try:
            example = load_stored_example(identifier, version, files)
        except InvalidExampleError as error:
            report.meta_problem = str(error)
            return report
        report.loaded = example
        with self.db.session() as session:
            library = library_index.get_or_create_library(session, self.storage.library)
            try:
                library_index.require_no_cycle(session, library, {identifier: _dependency_ids(example)})
            except DependencyError as error:
                report.dependency_problems = [str(error)]
                report.blocked_by_cycle = True
                return report
            report.dependency_problems = library_index.dependency_problems(session, library, example)
            outcome = library_index.index_version(session, library, example, self._prefix(example))
            report.created = outcome.created
            report.source_name, report.source_commit = outcome.version.source_name, outcome.version.source_commit
        return report

    # -- read -----------------------------------------------------------------------------------

    def list_examples(self) -> list[dict]:
        with self.db.session() as session:
            library = library_index.get_or_create_library(session, self.storage.library)
            return [_example_summary(example) for example in library_index.list_examples(session, library)]

    def show(self, reference: str) -> dict:
        """Everything about one version: `IDENTIFIER` (newest) or `IDENTIFIER@VERSION_OR_CONSTRAINT`."""
        with self.db.session() as session:
            library = library_index.get_or_create_library(session, self.storage.library)
            version = library_index.resolve_reference(session, library, reference)
            dependencies = []
            for dep in version.dependencies:
                target = library_index.find_example(session, library, dep.identifier)
                try:
                    resolved = library_index.resolve_version(target, dep.constraint).tag if target else None
                except NotFoundError:
                    resolved = None
                dependencies.append(
                    {"identifier": dep.identifier, "constraint": dep.constraint, "resolves_to": resolved}
                )
            return {
                **_example_summary(version.example),
                "version": version.tag,
                "digest": version.digest,
                "file_count": version.file_count,
                "size_bytes": version.size_bytes,
                "files": sorted(version.manifest),
                "dependencies": dependencies,
                "meta": version.meta,
                "storage_prefix": version.storage_prefix,
                "source": version.source_name,
                "source_commit": version.source_commit,
                "indexed_at": version.created_at.isoformat(),
            }


def _example_summary(example: Example) -> dict:
    versions = sorted(example.versions, key=lambda v: parse_version(v.tag))
    backend = (versions[-1].meta.get("execution_backend") or {}) if versions else {}
    return {
        "identifier": example.identifier,
        "title": example.title,
        "language": example.language,
        "backend": backend.get("slug"),
        "versions": [v.tag for v in versions],
        "latest": versions[-1].tag if versions else None,
    }


def _dependency_ids(example: "LoadedExample") -> list[str]:
    return [dep.identifier for dep in example.meta.properties.test_dependencies]


def _newest_per_identifier(examples: "list[LoadedExample]") -> "dict[str, LoadedExample]":
    newest: dict[str, LoadedExample] = {}
    for example in examples:
        current = newest.get(example.identifier)
        if current is None or parse_version(example.version) > parse_version(current.version):
            newest[example.identifier] = example
    return newest


def _dependency_order(examples: "list[LoadedExample]") -> "list[LoadedExample]":
    """Dependencies first (Kahn's order); examples caught in a cycle come last and will be refused."""
    in_batch = {example.identifier for example in examples}
    remaining = sorted(examples, key=lambda e: (e.identifier, parse_version(e.version)))
    ordered: list[LoadedExample] = []
    placed: set[str] = set()
    while remaining:
        ready = [
            e
            for e in remaining
            if all(dep in placed or dep not in in_batch or dep == e.identifier for dep in _dependency_ids(e))
        ]
        if not ready:
            return ordered + remaining
        ordered.extend(ready)
        placed.update(e.identifier for e in ready)
        remaining = [e for e in remaining if all(e is not r for r in ready)]
    return ordered
