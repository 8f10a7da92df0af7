"""`exlib migrate adopt`: link a course's existing folders to the library versions they hold.

Nothing a lecturer wrote is rewritten. Each adopted folder gets a tracking file recording its
files as they are (so nothing counts as a local edit), and the library's meta.yaml when it had
none (imported with a generated one; the student template needs it). The course index and
history are updated, all in one commit pushed like every deploy. The database then holds the
content, its assignment and a deployed row with its history, written through the deployer's own
recording: updates, customization scans and templates treat the folder like any deployment.

Adopted contents are assigned `^VERSION` (compatible updates are offered), or exactly the version
with `pin`. Folders matching nothing stay traditional content, side by side with the library's,
and get a content so the student template keeps shipping what their `.studentfiles` lists.
"""

import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Course, Library
from exlib_assets.core.deployments.changes import FolderChange, apply_change
from exlib_assets.core.deployments.meta_annotation import annotate_meta
from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.core.deployments.recording import record_report
from exlib_assets.core.deployments.tracking import (
    Tracking,
    append_history,
    files_on_disk,
    read_tracking,
    write_course_index,
)
from exlib_assets.core.deployments.wishes import Wish, read_wishes
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.redo import redo_until_pushed
from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.migrate.adoption_plan import Adoption, AdoptionPlan, Traditional, plan_adoption
from exlib_assets.core.migrate.source import resolve_under
from exlib_assets.core.storage import META_FILE

PURPOSE = "adopt"


@dataclass
class AdoptedFolder:
    folder: str
    path: str
    example: str
    version: str
    # The assignment's constraint: `^VERSION`, the version itself when pinned, or the wish already there.
    constraint: str
    added_meta: bool
    # `identifier -> folder` of each dependency, as recorded in the tracking file.
    dependencies: list[str] = field(default_factory=list)
    # Dependencies not assigned in the course: deploys of this path fail until they are.
    dependency_problem: str | None = None


@dataclass
class AdoptReport:
    course: str
    dry_run: bool
    commit: str | None = None
    adopted: list[AdoptedFolder] = field(default_factory=list)
    traditional: list[Traditional] = field(default_factory=list)
    from_library: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def adopt_course(
    app: App, slug: str, *, under: str | None = None, pin: bool = False, dry_run: bool = False, actor: str = "exlib"
) -> AdoptReport:
    """Adopt the folders of course `slug`'s assignments repository (below `under`) that hold library versions."""
    with app.db.session() as session:
        courses.require_course(session, slug)
    repository = courses.repository_names(slug)["assignments"]
    url = app.git_host.push_url(repository)
    workspaces = app.settings.home / "workspaces"
    workspaces.mkdir(parents=True, exist_ok=True)
    report = AdoptReport(course=slug, dry_run=dry_run)
    recorded = DeployReport(course=slug, dry_run=dry_run)
    with tempfile.TemporaryDirectory(prefix=f"{slug}-adopt-", dir=workspaces) as folder:
        reading = GitWorkspace.clone_or_fetch(url, Path(folder) / "read")
        if reading.head() is None:
            raise ExlibError(
                f"the assignments repository of {slug} is empty: push the course's existing repository into it "
                f"first (from a copy of it: `git push {app.git_host.display_url(repository)} main`), then adopt."
            )
        start = resolve_under(reading.folder, under, f"the assignments repository of {slug}")
        # One transaction: it is committed only once the tracking files are pushed, so a failed
        # push leaves the database as it was.
        with app.db.session() as session:
            course = courses.require_course(session, slug)
            library = library_index.get_or_create_library(session, app.storage.library)
            plan = plan_adoption(app, session, course, reading.folder, start)
            wishes = _assign(session, library, course, plan, pin, actor)
            _describe(report, plan, wishes, session, course)
            if dry_run:
                session.rollback()
                return report
            if not plan.adoptions:
                return report
            report.commit, recorded.head = _push(url, Path(folder) / "write", plan, wishes, slug, actor)
    recorded.commit = report.commit
    recorded.outcomes = [_outcome(adoption, wishes[adoption.path]) for adoption in plan.adoptions]
    record_report(app, recorded, list(wishes.values()), actor, purpose=PURPOSE)
    return report


def _assign(
    session: Session, library: Library, course: Course, plan: AdoptionPlan, pin: bool, actor: str
) -> dict[str, Wish]:
    """Create the contents and assign the adopted versions; the wishes as a deploy would read them,
    held at the adopted versions."""
    for adoption in plan.adoptions:
        content = _content(session, course, adoption.path, adoption.title)
        if content.assignment is None:
            constraint = adoption.version.tag if pin else f"^{adoption.version.tag}"
            courses.assign(session, library, content, adoption.version.identifier, constraint, actor=actor)
    for traditional in plan.traditional:
        if traditional.path is not None:
            _content(session, course, traditional.path, traditional.title)
    if not plan.adoptions:
        return {}
    wishes = read_wishes(
        session,
        library,
        course,
        [adoption.path for adoption in plan.adoptions],
        actor=actor,
        targets={adoption.path: adoption.version.tag for adoption in plan.adoptions},
    )
    return {wish.path: wish for wish in wishes}


def _content(session: Session, course: Course, path: str, title: str | None):
    existing = courses.find_content(session, course, path)
    # An existing content keeps the title a lecturer gave it.
    return existing or courses.add_content(session, course, path, title)


def _describe(report: AdoptReport, plan: AdoptionPlan, wishes: dict[str, Wish], session: Session, course: Course):
    report.traditional, report.from_library = plan.traditional, plan.from_library
    for adoption in plan.adoptions:
        wish = wishes[adoption.path]
        content = courses.find_content(session, course, adoption.path)
        report.adopted.append(
            AdoptedFolder(
                folder=adoption.folder,
                path=adoption.path,
                example=adoption.version.identifier,
                version=adoption.version.tag,
                constraint=content.assignment.version_constraint,
                added_meta=adoption.meta_to_add is not None,
                dependencies=[f"{link.identifier} -> {link.deployed_path}" for link in wish.dependencies],
                dependency_problem=wish.dependency_problem,
            )
        )


def _push(
    url: str, folder: Path, plan: AdoptionPlan, wishes: dict[str, Wish], slug: str, actor: str
) -> tuple[str, str | None]:
    """Write every tracking file (and missing meta.yaml), the course index and history; one commit, pushed."""
    commit: list[str] = []

    def attempt(workspace: GitWorkspace, _: int) -> bool:
        deployed_at = datetime.now(UTC).isoformat(timespec="seconds")
        for adoption in plan.adoptions:
            apply_change(workspace.folder, _change(workspace.folder, adoption, wishes[adoption.path], deployed_at))
        write_course_index(workspace.folder)
        append_history(workspace.folder, [_history_entry(adoption, deployed_at, actor) for adoption in plan.adoptions])
        sha = workspace.commit_all(_message(plan, actor), author_name="exlib", author_email="exlib@localhost")
        commit[:] = [sha] if sha else []
        return sha is not None

    workspace, _ = redo_until_pushed(url, folder, attempt, what=f"adopt the folders of course {slug}")
    return commit[0], workspace.head()


def _change(repository: Path, adoption: Adoption, wish: Wish, deployed_at: str) -> FolderChange:
    """The folder's tracking file (and meta.yaml, when it has none); refused if the folder moved on
    since it was matched, because its tracking file would then record files nobody checked."""
    folder = repository / adoption.folder
    if read_tracking(folder) is not None or files_on_disk(folder) != adoption.present:
        raise ExlibError(
            f"{adoption.folder} changed in the repository while it was being adopted (a push landed meanwhile); "
            "nothing was written: run `exlib migrate adopt` again."
        )
    write, files = {}, dict(adoption.present)
    if adoption.meta_to_add is not None:
        links = {link.identifier: link.deployed_path for link in wish.dependencies}
        # Written as a deploy writes it, so the folder is exactly what a deploy of this version makes.
        write[META_FILE] = annotate_meta(adoption.meta_to_add, adoption.path, links)
        files[META_FILE] = file_sha256(write[META_FILE])
    version = adoption.version
    tracking = Tracking(
        example_id=version.identifier,
        example_version=version.tag,
        digest=version.digest,
        content_path=adoption.path,
        deployed_at=deployed_at,
        files=files,
        dependencies=wish.dependencies,
    )
    return FolderChange(adoption.folder, write, [], tracking)


def _history_entry(adoption: Adoption, deployed_at: str, actor: str) -> dict:
    return {
        "at": deployed_at,
        "by": actor,
        "action": "deployed",
        "purpose": PURPOSE,
        "path": adoption.path,
        "example_id": adoption.version.identifier,
        "example_version": adoption.version.tag,
    }


def _message(plan: AdoptionPlan, actor: str) -> str:
    lines = []
    for adoption in plan.adoptions:
        kept = "files kept as they are" + (", meta.yaml added" if adoption.meta_to_add is not None else "")
        lines.append(f"- {adoption.path}: {adoption.version.identifier}@{adoption.version.tag} ({kept})")
    title = f"Adopt {len(plan.adoptions)} existing folder(s) into the Example Library"
    return f"{title}\n\n" + "\n".join(lines) + f"\n\nRequested-by: {actor}\n"


def _outcome(adoption: Adoption, wish: Wish) -> PathOutcome:
    return PathOutcome(
        adoption.path,
        "deployed",
        wish.identifier,
        wish.version,
        written=[META_FILE] if adoption.meta_to_add is not None else [],
        dependencies=wish.dependencies,
        digest=wish.digest,
    )
