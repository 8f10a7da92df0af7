"""What adopting a course's existing folders would do, worked out before anything is written.

Each assignment folder of the course's repository (found as `exlib migrate import` finds them)
is matched to the library by its file hashes. A folder that holds exactly one example's version
is adopted at its content path (`week1/hello_world` -> `week1.hello_world`); everything else
stays traditional content, with the reason: it matches nothing (or several examples), its name
is no content path, or the database already wants something else there.
"""

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import check_content_path
from exlib_assets.core.db.models import Course
from exlib_assets.core.deployments.library_files import LibraryFiles
from exlib_assets.core.deployments.tracking import TRACKING_FILE, files_on_disk
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.migrate.finder import find_assignment_folders
from exlib_assets.core.migrate.matching import IndexedVersion, LibraryIndex
from exlib_assets.core.migrate.readme import readme_title
from exlib_assets.core.safety import read_folder_files
from exlib_assets.core.storage import META_FILE


@dataclass(frozen=True)
class Adoption:
    folder: str
    path: str
    version: IndexedVersion
    # sha256 of every file of the folder as it is: what its tracking file will record.
    present: dict[str, str]
    # The library's meta.yaml, for a folder that has none (its meta.yaml was generated on import).
    meta_to_add: bytes | None
    # For a content that does not exist yet.
    title: str | None


@dataclass(frozen=True)
class Traditional:
    folder: str
    # The content it becomes; None when the folder name is no content path.
    path: str | None
    reason: str
    title: str | None = None


@dataclass
class AdoptionPlan:
    adoptions: list[Adoption] = field(default_factory=list)
    traditional: list[Traditional] = field(default_factory=list)
    # Folders already deployed from the library (they hold a tracking file).
    from_library: list[str] = field(default_factory=list)


def plan_adoption(app: App, session: Session, course: Course, repository: Path, start: Path) -> AdoptionPlan:
    """Which folders at or below `start` in the working copy `repository` are adopted, and which not."""
    library = LibraryIndex.load(session, library_index.get_or_create_library(session, app.storage.library))
    library_files = LibraryFiles(app)
    plan = AdoptionPlan()
    for folder in find_assignment_folders(repository, start).folders:
        if (folder.path / TRACKING_FILE).is_file():
            plan.from_library.append(folder.relative)
            continue
        path = _content_path(folder.relative)
        if path is None:
            plan.traditional.append(
                Traditional(
                    folder.relative,
                    None,
                    f"{folder.relative} is no content path (folder names of a-z, 0-9 and '_' only); rename the "
                    "folder in the repository to adopt it",
                )
            )
            continue
        try:
            files = read_folder_files(folder.path, app.settings.limits)
        except ExlibError as error:
            plan.traditional.append(Traditional(folder.relative, path, str(error)))
            continue
        title = _title(files)
        version, reason = _the_version(library.matches(files))
        reason = reason or _database_conflict(session, course, path, version)
        if reason is not None:
            plan.traditional.append(Traditional(folder.relative, path, reason, title))
            continue
        meta = None
        if META_FILE not in files:
            meta = library_files.get(version.identifier, version.tag, version.digest)[META_FILE]
        plan.adoptions.append(
            Adoption(folder.relative, path, version, files_on_disk(folder.path), meta, version.title or title)
        )
    return plan


def _content_path(relative: str) -> str | None:
    # A dot in a folder name (`org.course.c/`) would read as a level of its own: the content's
    # folder would then be another one (`org/course/c/`) than the folder adopted.
    if "." in relative:
        return None
    path = relative.replace("/", ".")
    try:
        return check_content_path(path)
    except ExlibError:
        return None


def _title(files: dict[str, bytes]) -> str | None:
    found = readme_title(files)
    return found[0] if found else None


def _the_version(matches: list[IndexedVersion]) -> tuple[IndexedVersion | None, str | None]:
    """The one example version a folder holds (the newest of one example's identical versions)."""
    if not matches:
        return None, "its files match no version in the library (not imported, or changed since)"
    examples = sorted({version.identifier for version in matches})
    if len(examples) > 1:
        return None, f"its files match several examples ({', '.join(examples)}); assign the right one by hand"
    return matches[0], None


def _database_conflict(session: Session, course: Course, path: str, version: IndexedVersion | None) -> str | None:
    """Why the database's wishes for `path` rule out adopting `version` there, if they do."""
    content = courses.find_content(session, course, path)
    if version is None or content is None:
        return None
    assignment, deployment = content.assignment, content.deployment
    if assignment is not None and assignment.example.identifier != version.identifier:
        return (
            f"content {path} is assigned {assignment.example.identifier}, but the folder holds "
            f"{version.identifier}@{version.tag}; unassign it (`exlib unassign {course.slug} {path}`) to adopt"
        )
    if deployment is not None and deployment.example_version is not None:
        held = f"{deployment.example_version.example.identifier}@{deployment.example_version.tag}"
        return (
            f"the database says {held} is deployed at {path}, yet the folder has no {TRACKING_FILE} file; "
            f"`exlib check {course.slug}` and `exlib repair {course.slug}` sort that out first"
        )
    return None
