"""Build a course's student template from its assignments repository, and push it in one commit.

The replacement of the original design's `generate_student_template_with_examples`. The
template is rebuilt whole from the assignments repository at one commit: what is not produced
any more (unassigned, archived, unreleased contents, dropped files) simply disappears.

One bad content does not hold the course hostage: a content that cannot be built (see
content_files) or in which the leak guard finds a secret or a marker is held back. The template
keeps that content's files from its last release, as the template repository holds them (or
leaves it out if it was never released, or if those files would leak now), and everything else
is released in the same commit. The report, the commit message and the history name every
held-back content and why. A leak never reaches the template.
"""

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import sqlalchemy as sa

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.collector import older_objects_set_aside
from exlib_assets.core.course_paths import folder_of, parent_paths
from exlib_assets.core.db.models import CourseContent, DeploymentEvent
from exlib_assets.core.deployments.tracking import METADATA_DIR, Tracking
from exlib_assets.core.deployments.working_copies import working_copy_folder
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.failpoints import failpoint
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.gitcli import nothing_secret, run_git
from exlib_assets.core.githost.redo import redo_until_pushed
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.templates.content_files import StoredMeta
from exlib_assets.core.templates.course_readme import ReadmeEntry, course_readme
from exlib_assets.core.templates.lazy_files import LazyFiles
from exlib_assets.core.templates.leak_guard import FileScans, Leak, LeakError, find_leaks
from exlib_assets.core.templates.source_trees import folder_keys, read_folder, read_regular_file
from exlib_assets.core.templates.view_cache import CACHE_FOLDER, ViewCache
from exlib_assets.core.working_copy_writer import STUDENT_TEMPLATE, WorkingCopyWriter


@dataclass
class IncludedContent:
    path: str
    kind: str  # example | traditional
    files: list[str]
    notes: list[str] = field(default_factory=list)


@dataclass
class HeldBackContent:
    """A content that could not be built this time: students keep what they had of it."""

    path: str
    reason: str
    # Its files from the last release, kept as the template repository holds them (paths from
    # the template's root); empty when it was never released (it is left out).
    kept: list[str] = field(default_factory=list)


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
    held_back: list[HeldBackContent] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # Contents whose student view was derived by this build; the others' came from the view
    # kept by an earlier build (view_cache), their files being the same.
    derived: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        return [content.path for content in self.included]


@dataclass(frozen=True)
class _Content:
    path: str
    title: str | None
    released: bool
    archived: bool
    settings: dict | None = None  # the course's own values for the student meta.yaml


@dataclass
class _Build:
    """The template as built from the assignments repository, before held-back contents get
    their last release back."""

    # Content path -> its student files, by path from the template's root.
    fresh: dict[str, LazyFiles]
    # Every secret of the course, by path in the assignments repository (those of unchanged
    # contents read only if a check needs their bytes).
    secrets: LazyFiles
    # Content path -> why it is held back.
    held: dict[str, str]
    contents: list[_Content]
    # What the leak guard knows of files by their bytes, from earlier builds and this one.
    scans: FileScans = field(default_factory=FileScans)


@older_objects_set_aside()
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
    releases everything again; neither keeps the course's current release. A content that
    cannot be built, or would leak, is held back (report.held_back): the template keeps its last
    released files, and the rest is released.
    """
    released, contents, language = _read_course(app, slug, only, release_all)
    report = TemplateReport(course=slug, dry_run=dry_run, released=released)
    names = courses.repository_names(slug)
    workspaces = app.settings.home / "workspaces"

    def attempt(target: GitWorkspace, _: int) -> bool:
        tree = _with_last_release(target.folder, build, report)
        with target.packing() as pack:
            report.written, report.removed = _replace_tree(target.folder, tree, dry_run, pack.add)
        if dry_run:
            return False
        failpoint("template.files_written")
        message = _commit_message(report, actor)
        # Only what was written or removed can differ from the checked-out commit (clone_or_fetch
        # cleaned the working copy), so git is asked about those paths, not the whole template.
        report.commit = target.commit_paths(
            [*report.written, *report.removed], message, author_name="exlib", author_email="exlib@localhost"
        )
        failpoint("template.committed")
        return report.commit is not None

    # Working copies kept from earlier builds (and deploys) are reused when free: only what
    # changed since is fetched and checked out. The template's kept copy also keeps each
    # content's student view (view_cache), so only contents whose files changed are derived.
    with working_copy_folder(workspaces, names["student_template"]) as template_folder:
        views = ViewCache(template_folder / ".git" / CACHE_FOLDER)
        # The assignments working copy stays held until the template is pushed: the secrets of
        # unchanged contents are compared by their kept digests and read from it only if a
        # check needs their bytes.
        with working_copy_folder(workspaces, names["assignments"]) as folder:
            source = GitWorkspace.clone_or_fetch(app.git_host.push_url(names["assignments"]), folder)
            report.source_commit = source.head()
            build = _student_tree(source.folder, contents, report, _stored_meta(app), language, views)
            _hold_back_leaks(build, report)
            target, _ = redo_until_pushed(
                app.git_host.push_url(names["student_template"]),
                template_folder,
                attempt,
                what=f"publish the student template of {slug}",
            )
            source.mark_settled()  # only read
        report.head = target.head()
        failpoint("template.pushed")
        views.save()
        # What was written or removed is committed and the folders removals emptied are pruned.
        target.mark_settled()
    if not dry_run:
        _record(app, slug, report, only is not None or release_all, actor)
        failpoint("template.recorded")
    return report


def _read_course(
    app: App, slug: str, only: list[str] | None, release_all: bool
) -> tuple[list[str] | None, list[_Content], str | None]:
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        if only:
            for path in only:
                courses.require_content(session, course, path)  # unknown path: a clear error
            released = sorted(set(only))
        else:
            released = None if release_all else course.released_paths
        # Only what the build needs of each content: loading the contents whole (with their
        # assignments and examples) cost more than deriving an unchanged course's template.
        rows = session.execute(
            sa.select(CourseContent.path, CourseContent.title, CourseContent.archived, CourseContent.settings)
            .where(CourseContent.course_id == course.id)
            .order_by(CourseContent.path)
        )
        contents = [
            _Content(path, title, _is_released(path, released), archived, settings)
            for path, title, archived, settings in rows
        ]
        return released, contents, course.language


def _is_released(path: str, released: list[str] | None) -> bool:
    return released is None or any(path == root or path.startswith(f"{root}.") for root in released)


def _stored_meta(app: App) -> StoredMeta:
    def read(tracking: Tracking) -> bytes:
        files = app.storage.read_version(tracking.example_id, tracking.example_version)
        if META_FILE not in files:
            raise ExlibError(f"{tracking.example_id}@{tracking.example_version} has no stored {META_FILE}")
        return files[META_FILE]

    return read


def _student_tree(
    repository: Path,
    contents: list[_Content],
    report: TemplateReport,
    stored_meta: StoredMeta,
    language: str | None = None,
    views: ViewCache | None = None,
) -> _Build:
    """Every released content's student files, every secret of the course, and what is held back.
    `views` gives the student view of a content whose files are as at an earlier build."""
    views = views or ViewCache(None)
    content_folders = {folder_of(content.path) for content in contents}
    # Only the folders whose tree changed since the kept views were built are read.
    keys = folder_keys(repository, report.source_commit)
    build = _Build(fresh={}, secrets=LazyFiles(), held={}, contents=contents, scans=views.scans)
    for content in contents:
        folder = folder_of(content.path)
        misses = views.misses
        read = views.read(
            folder=folder,
            tree_key=keys.get(folder),
            load=partial(read_folder, repository, folder, content_folders),
            read_file=partial(_read_in, repository, folder),
            stored_meta=stored_meta,
            course_language=language,
            settings=content.settings,
        )
        if read is None:
            continue
        if views.misses > misses:
            report.derived.append(content.path)
        # What a content keeps from students is guarded even while the content is not released:
        # another content must not publish it either. Its student files are not secret.
        build.secrets.merge(folder, read.secrets)
        if content.archived or not content.released:
            report.left_out[content.path] = "archived" if content.archived else "not released"
            continue
        if read.problem is not None:
            build.held[content.path] = read.problem
            continue
        if not read.files:
            report.left_out[content.path] = "; ".join(read.notes) or "nothing for students"
            continue
        build.fresh[content.path] = LazyFiles()
        build.fresh[content.path].merge(folder, read.files)
        report.included.append(IncludedContent(content.path, read.kind, sorted(read.files), read.notes))
    return build


def _read_in(repository: Path, folder: str, relpath: str) -> bytes:
    return read_regular_file(repository / folder / relpath)


def _hold_back_leaks(build: _Build, report: TemplateReport) -> None:
    """Hold back every content in which the leak guard finds a secret or a marker."""
    tree = _merged(build.fresh.values())
    owners = {path: content for content, files in build.fresh.items() for path in files}
    by_content: dict[str, list[Leak]] = {}
    for leak in find_leaks(tree, build.secrets, build.scans):
        by_content.setdefault(owners[leak.path], []).append(leak)
    for path, leaks in by_content.items():
        build.held[path] = "it would leak: " + "; ".join(f"{leak.path}: {leak.reason}" for leak in leaks)
        del build.fresh[path]
    report.included = [content for content in report.included if content.path in build.fresh]


def _merged(contents: Iterable[LazyFiles]) -> LazyFiles:
    tree = LazyFiles()
    for files in contents:
        tree.merge("", files)
    return tree


def _with_last_release(repository: Path, build: _Build, report: TemplateReport) -> LazyFiles:
    """The template to publish: the fresh contents, each held-back content's files as the
    template repository (`repository`) holds them now, unless they would leak, and the README."""
    # Read only when needed: a build holding nothing back does not look at the old template.
    last = _files_by_folder(repository, {folder_of(c.path) for c in build.contents}) if build.held else {}
    report.held_back = []
    tree = _merged(build.fresh.values())
    for path, reason in sorted(build.held.items()):
        folder = folder_of(path)
        kept = {f"{folder}/{relpath}": data for relpath, data in last.get(folder, {}).items()}
        leaks = find_leaks(kept, build.secrets, build.scans)
        if leaks:
            reason += (
                "; its last released files would leak now ("
                + "; ".join(f"{leak.path}: {leak.reason}" for leak in leaks)
                + "), so they were removed"
            )
            kept = {}
        tree.merge("", kept)
        report.held_back.append(HeldBackContent(path, reason, sorted(kept)))
    shown = {content.path for content in report.included} | {held.path for held in report.held_back if held.kept}
    readme = {"README.md": _course_readme(report.course, build.contents, shown)}
    # The course README belongs to no content, so nothing can be held back for it: a leak there
    # (a title holding a marker or a secret) refuses the whole build.
    leaks = find_leaks(readme, build.secrets, build.scans)
    if leaks:
        raise LeakError(leaks)
    tree.merge("", readme)
    return tree


def _course_readme(slug: str, contents: list[_Content], shown: set[str]) -> bytes:
    # Units above what is included (week1 above week1.hello_world) head their part of the list.
    titles = {content.path: content.title for content in contents}
    readme = [ReadmeEntry(path, titles.get(path), folder_of(path)) for path in sorted(shown)]
    units = {ancestor for path in shown for ancestor in parent_paths(path) if ancestor not in shown}
    readme += [ReadmeEntry(unit, titles.get(unit), None) for unit in units]
    return course_readme(slug, readme).encode()


def _files_by_folder(repository: Path, content_folders: set[str]) -> dict[str, dict[str, bytes]]:
    """The files of each content's folder, by path inside it, read in one walk of the repository.

    A file belongs to the deepest content folder holding it, so the folders of contents nested
    inside another stay theirs. One walk, not one per content: a course's weeks hold all of
    their contents' files, which a walk per content would visit again for every level.
    """
    found: dict[str, dict[str, bytes]] = {}
    for parts, files in _walk(str(repository), ()):
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
        folder_files = found.setdefault(owner, {})
        for name, path in files:
            with open(path, "rb") as file:
                folder_files["/".join((*inside, name))] = file.read()
    # In path order, part by part, as a sorted listing of each folder gives them.
    return {
        folder: {relpath: files[relpath] for relpath in sorted(files, key=lambda p: p.split("/"))}
        for folder, files in found.items()
    }


def _walk(directory: str, parts: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], list[tuple[str, str]]]]:
    """(folder parts, [(name, path)] of its regular files) for `directory` and every folder below
    it but `.git` and exlib's metadata; a symlink is never followed nor read: its target may be
    anything on the machine building the template."""
    with os.scandir(directory) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    yield parts, [(entry.name, entry.path) for entry in entries if entry.is_file(follow_symlinks=False)]
    for entry in entries:
        if entry.is_dir(follow_symlinks=False) and entry.name not in (".git", METADATA_DIR):
            yield from _walk(entry.path, (*parts, entry.name))


def _replace_tree(
    repository: Path, tree: LazyFiles, dry_run: bool, written_bytes: Callable[[bytes], None]
) -> tuple[list[str], list[str]]:
    """Make the working copy hold exactly `tree`; returns the files written and removed, and
    tells `written_bytes` the bytes of each file written, a few folders at a time.

    A symlink anywhere in the template repository is refused, a preview included: the build would
    otherwise write through it (a README.md linked to a file outside) or publish what it points at.
    """
    writer = WorkingCopyWriter(repository, STUDENT_TEMPLATE)
    # Compared by git's blob ids, not read back: the working copy holds exactly what its index
    # does (clone_or_fetch checked it out by force and cleaned it, or its last build left it so),
    # and reading every file of a large template again cost more than the rest of a rebuild. Any
    # doubt means a write.
    committed, plain = _committed_blobs(repository)
    # For the same reason the index lists the files present, unless it holds anything but plain
    # files (a symlink someone pushed, a submodule) or cannot be read: then the working copy is
    # walked, which refuses a symlink anywhere, as it always did.
    present = set(committed) if plain and committed else set(writer.list_files())
    # A kept view's file shipped unchanged comes with its blob id: it is read only to be written.
    written = sorted(p for p in tree if p not in present or committed.get(p) != tree.blob_id_of(p))
    removed = sorted(p for p in present if p not in tree)
    if dry_run:
        return written, removed
    for relpath in removed:
        writer.remove_file(relpath)
    # Only a removal leaves a folder empty (the working copy was cleaned when checked out), so
    # only the folders removals touched are looked at, not the whole template.
    for folder in sorted({relpath.rpartition("/")[0] for relpath in removed}):
        writer.remove_empty_folders(folder)
    for start in range(0, len(written), _WRITTEN_TOGETHER):
        some = written[start : start + _WRITTEN_TOGETHER]
        writer.write_files(some, tree)
        for relpath in some:
            written_bytes(tree[relpath])
    return written, removed


# Files written before their bytes go to git: small enough that git compresses while exlib writes.
_WRITTEN_TOGETHER = 64


def _committed_blobs(repository: Path) -> tuple[dict[str, str], bool]:
    """Path -> blob id of every file in the working copy's git index, and whether all of them
    are plain files (no symlink, no submodule)."""
    try:
        listed = run_git(["ls-files", "--stage", "-z"], redact=nothing_secret, cwd=repository)
    except UnicodeDecodeError:
        return {}, False  # a file name that is not UTF-8: nothing known, every file is written
    if listed.returncode != 0:
        return {}, False  # nothing known: every file is written, as git then finds what changed
    blobs, plain = {}, True
    for entry in listed.stdout.split("\0"):
        if entry:
            info, _, path = entry.partition("\t")
            mode, blob = info.split(" ")[:2]
            blobs[path] = blob
            plain = plain and mode in _PLAIN_FILE_MODES
    return blobs, plain


# What git records for a regular file, executable or not.
_PLAIN_FILE_MODES = frozenset({"100644", "100755"})


def _commit_message(report: TemplateReport, actor: str) -> str:
    lines = "\n".join(f"- {content.path}" for content in report.included)
    source = report.source_commit or "an empty assignments repository"
    held = "".join(
        f"- {content.path} ({'its last release kept' if content.kept else 'left out'}): {_first_line(content.reason)}\n"
        for content in report.held_back
    )
    return (
        f"Student template of {report.course} from assignments {source}\n\n"
        f"Contents ({len(report.included)}):\n{lines}\n\n"
        + (f"Held back ({len(report.held_back)}):\n{held}\n" if held else "")
        + f"Requested-by: {actor}\n"
    )


def _first_line(text: str) -> str:
    return text.partition("\n")[0]


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
                        "held_back": [content.path for content in report.held_back],
                    },
                )
            )
        for content in report.held_back:
            # Every build that holds a content back says so, with the reason, until it is fixed.
            session.add(
                DeploymentEvent(
                    course_id=course.id,
                    content_path=content.path,
                    event="template_held_back",
                    commit_sha=report.head,
                    actor=actor,
                    details={
                        "source_commit": report.source_commit,
                        "reason": content.reason,
                        "kept_files": len(content.kept),
                    },
                )
            )
        course.template_source_commit = report.source_commit
        course.template_commit = report.head
        course.template_built_at = datetime.now(UTC)
        if release_changed:
            course.released_paths = report.released
