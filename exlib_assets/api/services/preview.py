"""What deploying an example version at a course path would bring: the example, the version,
its dependencies and where the course holds them, the conflicts, and its files. Reads only."""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from exlib_assets.api.services import lookups
from exlib_assets.api.services.conflicts import Conflict, conflicts_at
from exlib_assets.api.services.examples_for_course import ExampleEntry, example_entry
from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.db.models import ExampleDependency, Library
from exlib_assets.core.errors import NotFoundError

MIB = 1024 * 1024


@dataclass
class DependencyPreview:
    identifier: str
    constraint: str
    resolves_to: str | None
    # Where the course assigns it; None when nowhere (a conflict unless deployed with dependencies).
    assigned_at: str | None


@dataclass
class VersionPreview:
    tag: str
    digest: str
    license: str | None
    authors: list[str]
    indexed_at: str


@dataclass
class FileStructure:
    files: list[str]
    file_count: int
    size_bytes: int
    size_mb: float


@dataclass
class DeploymentPreview:
    course: str
    target_path: str
    target_folder: str
    example: ExampleEntry
    version: VersionPreview
    dependencies: list[DependencyPreview] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    file_structure: FileStructure | None = None


def deployment_preview(app: App, slug: str, identifier: str, version: str, target_path: str) -> DeploymentPreview:
    path = lookups.content_path(target_path)
    with app.db.session() as session:
        course = lookups.course_named(session, slug)
        library = lookups.library_of(session, app)
        chosen = lookups.example_version(session, library, identifier, version)
        example = chosen.example
        contents = [c for c in courses.contents_under(session, course) if c.assignment is not None and not c.archived]
        assigned = {c.assignment.example.identifier: c.path for c in contents}
        dependencies = [
            DependencyPreview(d.identifier, d.constraint, _resolves_to(session, library, d), assigned.get(d.identifier))
            for d in chosen.dependencies
        ]
        meta = chosen.meta or {}
        return DeploymentPreview(
            course=slug,
            target_path=path,
            target_folder=folder_of(path) + "/",
            example=example_entry(example, [c.path for c in contents if c.assignment.example_id == example.id]),
            version=VersionPreview(
                tag=chosen.tag,
                digest=chosen.digest,
                license=meta.get("license"),
                authors=[a.get("name") for a in meta.get("authors") or [] if a.get("name")],
                indexed_at=lookups.in_utc(chosen.created_at).isoformat(),
            ),
            dependencies=dependencies,
            conflicts=conflicts_at(session, course, path, chosen),
            file_structure=FileStructure(
                files=sorted(chosen.manifest),
                file_count=chosen.file_count,
                size_bytes=chosen.size_bytes,
                size_mb=round(chosen.size_bytes / MIB, 3),
            ),
        )


def _resolves_to(session: Session, library: Library, dependency: ExampleDependency) -> str | None:
    """The version a dependency points at now (as `exlib library show` says it), or None."""
    target = library_index.find_example(session, library, dependency.identifier)
    try:
        return library_index.resolve_version(target, dependency.constraint).tag if target else None
    except NotFoundError:
        return None
