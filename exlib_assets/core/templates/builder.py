"""Build a course's student template from its assignments repository, and push it in one commit.

The replacement of the original design's `generate_student_template_with_examples`. The
template is rebuilt whole from the assignments repository at one commit: what is not produced
any more (unassigned, archived, unreleased contents, dropped files) simply disappears. Nothing
is pushed unless the leak guard finds no solution, hidden test or marker in the result.
"""

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of, parent_paths
from exlib_assets.core.db.models import DeploymentEvent
from exlib_assets.core.deployments.tracking import METADATA_DIR, TRACKING_FILE
from exlib_assets.core.deployments.working_copies import working_copy_folder
from exlib_assets.core.failpoints import failpoint
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.redo import redo_until_pushed
from exlib_assets.core.templates.course_readme import ReadmeEntry, course_readme
from exlib_assets.core.templates.leak_guard import LeakError, find_leaks
from exlib_assets.core.templates.student_view import StudentView, student_files
from exlib_assets.core.templates.traditional import traditional_student_files
from exlib_assets.core.working_copy_writer import STUDENT_TEMPLATE, WorkingCopyWriter


@dataclass
class IncludedContent:
    path: str
    kind: str  # example | traditional
    files: list[str]
    notes: list[str] = field(default_factory=list)


@dataclass
class TemplateReport:
    course: str
    dry_run: bool
    # The assignments commit the template was built from.
    source_commit: str | None = None
    # The new template commit, or None when nothing changed.
    commit: str | None = None
    head: str | None = None
    released: list[str] | None = None
    included: list[IncludedContent] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        return [content.path for content in self.included]


@dataclass(frozen=True)
class _Content:
    path: str
    title: str | None
    released: bool
    archived: bool


def build_template(
    app: App,
    slug: str,
    *,
    only: list[str] | None = None,
    release_all: bool = False,
    dry_run: bool = False,
    actor: str = "exlib",
) -> TemplateReport:
    """Build and push the student template of course `slug`.

    `only` releases those content paths (and what is below them) from now on; `release_all`
    releases everything again; neither keeps the course's current release.
    """
    released, contents = _read_course(app, slug, only, release_all)
    report = TemplateReport(course=slug, dry_run=dry_run, released=released)
    names = courses.repository_names(slug)
    workspaces = app.settings.home / "workspaces"
    # Working copies kept from earlier builds (and deploys) are reused when free: only what
    # changed since is fetched and checked out.
    with working_copy_folder(workspaces, names["assignments"]) as folder:
        source = GitWorkspace.clone_or_fetch(app.git_host.push_url(names["assignments"]), folder)
        report.source_commit = source.head()
        tree, excluded = _student_tree(source.folder, contents, report)
    leaks = find_leaks(tree, excluded)
    if leaks:
        raise LeakError(leaks)

    def attempt(target: GitWorkspace, _: int) -> bool:
        report.written, report.removed = _replace_tree(target.folder, tree, dry_run)
        if dry_run:
            return False
        failpoint("template.files_written")
        message = _commit_message(report, actor)
        report.commit = target.commit_all(message, author_name="exlib", author_email="exlib@localhost")
        failpoint("template.committed")
        return report.commit is not None

    with working_copy_folder(workspaces, names["student_template"]) as folder:
        target, _ = redo_until_pushed(
            app.git_host.push_url(names["student_template"]),
            folder,
            attempt,
            what=f"publish the student template of {slug}",
        )
        report.head = target.head()
        failpoint("template.pushed")
    if not dry_run:
        _record(app, slug, report, only is not None or release_all, actor)
        failpoint("template.recorded")
    return report


def _read_course(
    app: App, slug: str, only: list[str] | None, release_all: bool
) -> tuple[list[str] | None, list[_Content]]:
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        if only:
            for path in only:
                courses.require_content(session, course, path)  # unknown path: a clear error
            released = sorted(set(only))
        else:
            released = None if release_all else course.released_paths
        contents = [
            _Content(content.path, content.title, _is_released(content.path, released), content.archived)
            for content in courses.contents_under(session, course)
        ]
    return released, contents


def _is_released(path: str, released: list[str] | None) -> bool:
    return released is None or any(path == root or path.startswith(f"{root}.") for root in released)


def _student_tree(
    repository: Path, contents: list[_Content], report: TemplateReport
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Every file the students get, by path from the template's root, and every file kept from them."""
    files_of = _files_by_folder(repository, {folder_of(content.path) for content in contents})
    tree: dict[str, bytes] = {}
    excluded: dict[str, bytes] = {}
    readme: list[ReadmeEntry] = []
    for content in contents:
        folder = folder_of(content.path)
        files = files_of.get(folder)
        if not files:
            continue
        example = TRACKING_FILE in files
        view: StudentView = (student_files if example else traditional_student_files)(files, folder=folder)
        # What a content keeps from students is guarded even while the content is not released:
        # another content must not publish it either. Its student files are not secret.
        excluded.update({f"{folder}/{relpath}": data for relpath, data in view.excluded.items()})
        if content.archived or not content.released:
            report.left_out[content.path] = "archived" if content.archived else "not released"
            continue
        if not view.files:
            report.left_out[content.path] = "; ".join(view.notes) or "nothing for students"
            continue
        tree.update({f"{folder}/{relpath}": data for relpath, data in view.files.items()})
        report.included.append(
            IncludedContent(content.path, "example" if example else "traditional", sorted(view.files), view.notes)
        )
        readme.append(ReadmeEntry(content.path, content.title, folder))
    # Units above what is included (week1 above week1.hello_world) head their part of the list.
    included = {entry.path for entry in readme}
    titles = {content.path: content.title for content in contents}
    units = {ancestor for path in included for ancestor in parent_paths(path) if ancestor not in included}
    readme += [ReadmeEntry(unit, titles.get(unit), None) for unit in units]
    tree["README.md"] = course_readme(report.course, readme).encode()
    return tree, excluded


def _files_by_folder(repository: Path, content_folders: set[str]) -> dict[str, dict[str, bytes]]:
    """The files of each content's folder, by path inside it, read in one walk of the repository.

    A file belongs to the deepest content folder holding it, so the folders of contents nested
    inside another stay theirs. One walk, not one per content: a course's weeks hold all of
    their contents' files, which a walk per content would visit again for every level.
    """
    found: dict[str, dict[str, Path]] = {}
    for directory, subdirectories, names in os.walk(repository):
        subdirectories[:] = sorted(name for name in subdirectories if name not in (".git", METADATA_DIR))
        parts = Path(directory).relative_to(repository).parts
        owner = next(
            (
                "/".join(parts[:depth])
                for depth in range(len(parts), 0, -1)
                if "/".join(parts[:depth]) in content_folders
            ),
            None,
        )
        if owner is None:
            continue
        inside = parts[len(owner.split("/")) :]
        for name in names:
            path = Path(directory, name)
            # A symlink pushed into the assignments repository is never followed: its target may
            # be anything on the machine building the template.
            if path.is_file() and not path.is_symlink():
                found.setdefault(owner, {})["/".join((*inside, name))] = path
    # In path order, part by part, as a sorted listing of each folder gives them.
    return {
        folder: {relpath: paths[relpath].read_bytes() for relpath in sorted(paths, key=lambda p: p.split("/"))}
        for folder, paths in found.items()
    }


def _replace_tree(repository: Path, tree: dict[str, bytes], dry_run: bool) -> tuple[list[str], list[str]]:
    """Make the working copy hold exactly `tree`; returns the files written and removed.

    A symlink anywhere in the template repository is refused, a preview included: the build would
    otherwise write through it (a README.md linked to a file outside) or publish what it points at.
    """
    writer = WorkingCopyWriter(repository, STUDENT_TEMPLATE)
    present = set(writer.list_files())
    written = sorted(p for p, data in tree.items() if p not in present or writer.read_bytes(p) != data)
    removed = sorted(p for p in present if p not in tree)
    if dry_run:
        return written, removed
    for relpath in removed:
        writer.remove_file(relpath)
    writer.remove_empty_folders()
    for relpath in written:
        writer.write_bytes(relpath, tree[relpath])
    return written, removed


def _commit_message(report: TemplateReport, actor: str) -> str:
    lines = "\n".join(f"- {content.path}" for content in report.included)
    source = report.source_commit or "an empty assignments repository"
    return (
        f"Student template of {report.course} from assignments {source}\n\n"
        f"Contents ({len(report.included)}):\n{lines}\n\nRequested-by: {actor}\n"
    )


def _record(app: App, slug: str, report: TemplateReport, release_changed: bool, actor: str) -> None:
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        # A head this course never recorded was pushed by a build killed before this step: its release is recorded now.
        unrecorded = report.commit is None and report.head is not None and report.head != course.template_commit
        if report.commit or release_changed or unrecorded:
            # The audit trail: who released what to students, from which assignments commit.
            session.add(
                DeploymentEvent(
                    course_id=course.id,
                    event="template_released",
                    commit_sha=report.commit or report.head,
                    actor=actor,
                    details={
                        "source_commit": report.source_commit,
                        "contents": report.paths,
                        "released": report.released,
                        # The files are in the commit; counts keep the row small for big courses.
                        "files_written": len(report.written),
                        "files_removed": len(report.removed),
                    },
                )
            )
        course.template_source_commit = report.source_commit
        course.template_commit = report.head
        course.template_built_at = datetime.now(UTC)
        if release_changed:
            course.released_paths = report.released
