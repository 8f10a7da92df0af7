"""`exlib migrate import`: every assignment folder of an existing repository into the library.

Folders with a meta.yaml are imported as they are; folders without one get the meta.yaml that
inference.py builds, in a staging copy (the repository is never written). Both then go through
the library's own import, so its rules (safe paths, sizes, YAML, versions, dependency order and
cycles) apply unchanged. A dry run checks the same things and writes nothing.
"""

import posixpath
import re
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from exlib_assets.core import library_index
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Example, Library
from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.loaded_example import LoadedExample, load_example_folder
from exlib_assets.core.manifest import build_manifest, manifest_digest
from exlib_assets.core.meta import IDENTIFIER_RULE
from exlib_assets.core.migrate.dependencies import DependencySuggestion, UnresolvedReference, discover_dependencies
from exlib_assets.core.migrate.finder import AssignmentFolder, find_assignment_folders
from exlib_assets.core.migrate.inference import FIRST_VERSION, InferredMeta, guess_identifier, infer_meta
from exlib_assets.core.migrate.readme import Boilerplate
from exlib_assets.core.migrate.source import open_source
from exlib_assets.core.safety import read_folder_files
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.templates.student_view import StudentViewError, student_files
from exlib_assets.core.versions import parse_version

# The same rule meta.py applies to identifiers (see IDENTIFIER_RULE), for the prefix alone.
_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9][A-Za-z0-9_-]*)*")


@dataclass
class FolderImport:
    """What became of one assignment folder."""

    folder: str
    # found: its own meta.yaml; generated: written by inference.py.
    meta: str
    # imported | unchanged | would import | failed
    status: str = "failed"
    identifier: str | None = None
    version: str | None = None
    digest: str | None = None
    files: int = 0
    # meta.yaml key -> how it was guessed; every key of a generated meta.yaml is here.
    guessed: dict[str, str] = field(default_factory=dict)
    # The generated meta.yaml, as stored in the library.
    generated_meta: dict | None = None
    # What students would get from the folder (the student view of its meta.yaml), and which of
    # those are empty starters for submission files.
    student_files: list[str] = field(default_factory=list)
    empty_starters: list[str] = field(default_factory=list)
    # Files of the folder a generated meta.yaml keeps from students -> why, for the lecturer to review.
    left_out: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class MigrationImport:
    source: str
    under: str | None
    dry_run: bool
    examples: list[FolderImport] = field(default_factory=list)
    dependencies: list[DependencySuggestion] = field(default_factory=list)
    unresolved: list[UnresolvedReference] = field(default_factory=list)
    # Source files outside every assignment folder: not imported.
    loose_files: list[str] = field(default_factory=list)
    # Folders deployed from the library already (they hold a tracking file): not imported again.
    from_library: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(example.status != "failed" for example in self.examples)

    def to_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


@dataclass(frozen=True)
class _Naming:
    """How this import makes identifiers: the `--prefix`, and the folder names that several folders
    without meta.yaml share (identified by their paths, so that each gets its own)."""

    prefix: str | None
    shared_names: frozenset[str]

    @classmethod
    def of(cls, prefix: str | None, folders: list[AssignmentFolder]) -> "_Naming":
        names = Counter(posixpath.basename(folder.relative) for folder in folders if not folder.has_meta)
        return cls(prefix, frozenset(name for name, count in names.items() if count > 1))


@dataclass
class _Planned:
    report: FolderImport
    files: dict[str, bytes] | None = None
    import_from: Path | None = None
    loaded: LoadedExample | None = None


def import_repository(
    app: App, location: str, *, under: str | None = None, prefix: str | None = None, dry_run: bool = False
) -> MigrationImport:
    """Import the assignment folders of the repository at `location` (below `under`, if given)."""
    if prefix is not None and not _PREFIX.fullmatch(prefix):
        raise ExlibError(f"--prefix {prefix!r} is not a valid identifier prefix; expected {IDENTIFIER_RULE}.")
    workspaces = app.settings.home / "workspaces"
    workspaces.mkdir(parents=True, exist_ok=True)
    with open_source(location, under, workspaces=workspaces) as source:
        report = MigrationImport(source=source.shown, under=under, dry_run=dry_run)
        found = find_assignment_folders(source.root, source.start)
        report.loose_files = found.loose_files
        report.from_library = [f.relative for f in found.folders if (f.path / TRACKING_FILE).is_file()]
        folders = [f for f in found.folders if f.relative not in report.from_library]
        if not folders and report.from_library:
            return report  # everything there came from the library
        if not folders:
            raise ExlibError(
                f"no assignment folders in {source.shown}{f' under {under}' if under else ''}: a folder counts when it "
                "holds a meta.yaml, source code (.py, .R, .c, .m, ...) or a .studentfiles list."
            )
        with tempfile.TemporaryDirectory(prefix="migrate-staging-", dir=workspaces) as staging:
            with app.db.session() as session:
                library = library_index.get_or_create_library(session, app.storage.library)
                planned = [_read(app, folder) for folder in folders]
                boilerplate = Boilerplate.among(
                    p.files for p in planned if p.files is not None and p.report.meta == "generated"
                )
                naming = _Naming.of(prefix, folders)
                for folder, each in zip(folders, planned, strict=True):
                    _plan(app, session, library, each, folder, naming, Path(staging), boilerplate)
                _find_dependencies(report, planned)
                if dry_run:
                    _preview(session, library, planned)
                session.rollback()  # planning only reads
            if not dry_run:
                _import(app, planned, (Path(staging), source.root))
        report.examples = [p.report for p in planned]
    return report


def _read(app: App, folder: AssignmentFolder) -> _Planned:
    planned = _Planned(FolderImport(folder.relative, "found" if folder.has_meta else "generated"))
    try:
        planned.files = read_folder_files(folder.path, app.settings.limits)
    except ExlibError as error:
        planned.report.error = str(error)
    return planned


def _plan(
    app: App,
    session: Session,
    library: Library,
    planned: _Planned,
    folder: AssignmentFolder,
    naming: _Naming,
    staging: Path,
    boilerplate: Boilerplate,
) -> None:
    """Check one read folder; a folder without meta.yaml gets one in a staging copy."""
    if planned.files is None:
        return
    try:
        planned.import_from = folder.path
        if not folder.has_meta:
            identifier, how = guess_identifier(folder.relative, naming.prefix, shared_names=naming.shared_names)
            example = library_index.find_example(session, library, identifier)
            inferred = _generated_meta(folder.relative, planned.files, identifier, how, example, boilerplate)
            planned.report.guessed, planned.report.notes = inferred.guessed, list(inferred.notes)
            planned.report.generated_meta, planned.report.left_out = inferred.document, inferred.left_out
            planned.import_from = _stage(staging / folder.relative, planned.files, inferred.to_bytes())
        planned.loaded = load_example_folder(planned.import_from, app.settings.limits)
    except ExlibError as error:
        planned.report.error = str(error)
        return
    planned.report.identifier, planned.report.version = planned.loaded.identifier, planned.loaded.version
    planned.report.digest, planned.report.files = planned.loaded.digest, len(planned.loaded.manifest)
    planned.report.notes += planned.loaded.notes()
    _describe_student_view(planned.report, planned.loaded)


def _describe_student_view(report: FolderImport, loaded: LoadedExample) -> None:
    """What students would get from the folder: the template builder's own student view."""
    try:
        view = student_files(loaded.files, folder=report.folder)
    except StudentViewError as error:
        report.notes.append(f"the student template would hold this folder back: {error}")
        return
    report.student_files = sorted(view.files)
    submissions = set(loaded.meta.properties.student_submission_files)
    report.empty_starters = sorted(path for path, data in view.files.items() if path in submissions and not data)
    # Files meta.yaml names but the folder lacks are noted by the import already.
    report.notes += [
        note
        for note in view.notes
        if not any(note.startswith(f"{report.folder}: {entry} ") for entry in loaded.missing)
    ]


def _generated_meta(
    relative: str,
    files: dict[str, bytes],
    identifier: str,
    how: str,
    example: Example | None,
    boilerplate: Boilerplate,
) -> InferredMeta:
    """The inferred meta.yaml, at the version that keeps imports repeatable: the tag the library
    already holds this very content under, else 1.0, else the next after the newest."""

    def build(version: str, reason: str) -> InferredMeta:
        return infer_meta(
            relative,
            files,
            identifier=identifier,
            identifier_reason=how,
            version=version,
            version_reason=reason,
            boilerplate=boilerplate,
        )

    versions = example.versions if example is not None else []
    for version in versions:
        candidate = build(version.tag, f"the library already holds this content as {version.tag}")
        if manifest_digest(build_manifest(files | {META_FILE: candidate.to_bytes()})) == version.digest:
            return candidate
    if not versions:
        return build(FIRST_VERSION, "the first library version of a folder without meta.yaml")
    newest = max(versions, key=lambda version: parse_version(version.tag)).tag
    return build(_next_version(newest), f"the library holds {newest} with other content; the next version")


def _next_version(tag: str) -> str:
    """`1.0` -> `1.1`, `v2.0.3` -> `v2.0.4`; a tag not ending in a number gets `.1`."""
    match = re.fullmatch(r"(.*?)(\d+)", tag)
    return f"{match.group(1)}{int(match.group(2)) + 1}" if match else f"{tag}.1"


def _stage(target: Path, files: dict[str, bytes], meta: bytes) -> Path:
    for relpath, data in (files | {META_FILE: meta}).items():
        path = target / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return target


def _find_dependencies(report: MigrationImport, planned: list[_Planned]) -> None:
    readable = [p for p in planned if p.files is not None]
    findings = discover_dependencies(
        {p.report.folder: p.files for p in readable},
        {p.report.folder: p.loaded.identifier if p.loaded else None for p in readable},
        {p.report.folder: set(p.loaded.meta.all_dependency_identifiers) for p in readable if p.loaded},
    )
    report.dependencies, report.unresolved = findings.suggestions, findings.unresolved


def _preview(session: Session, library: Library, planned: list[_Planned]) -> None:
    """What an import would do with each checked folder, from the index alone."""
    ready = [p for p in planned if p.loaded is not None]
    pending: dict[str, list[str]] = {}
    for p in ready:
        pending.setdefault(p.loaded.identifier, []).append(p.loaded.version)
    for p in ready:
        example = library_index.find_example(session, library, p.loaded.identifier)
        existing = library_index.find_version(example, p.loaded.version) if example else None
        if existing is not None and existing.digest == p.loaded.digest:
            p.report.status = "unchanged"
        elif existing is not None:
            p.report.error = (
                f"{p.loaded.key} is already in the library with other content; versions are immutable, "
                "so bump `version` in its meta.yaml"
            )
        else:
            problems = library_index.dependency_problems(session, library, p.loaded, pending)
            if problems:
                p.report.error = f"{p.loaded.key}: " + "; ".join(problems) + "."
            else:
                p.report.status = "would import"


def _import(app: App, planned: list[_Planned], roots: tuple[Path, ...]) -> None:
    """The library's own import of every checked folder, in one batch (dependency order)."""
    by_path = {str(p.import_from): p for p in planned if p.loaded is not None}
    if not by_path:
        return
    result = app.library.import_paths([p.import_from for p in by_path.values()])
    for entries, status in ((result.imported, "imported"), (result.unchanged, "unchanged")):
        for entry in entries:
            by_path[entry["path"]].report.status = status
    for entry in result.failed:
        by_path[entry["path"]].report.error = _without_roots(entry["error"], roots)


def _without_roots(text: str, roots: tuple[Path, ...]) -> str:
    """Messages name folders from the top of the repository, not from a temporary copy."""
    for root in roots:
        text = text.replace(f"{root}/", "")
    return text
