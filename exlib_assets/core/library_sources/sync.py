"""Sync a library source: read the example folders changed since the last synced commit and import them.

A sync fetches the source into a bare mirror under EXLIB_HOME/sources, lists the example
folders at the branch head and compares the head with the commit the last sync read: only
folders with a changed file (and those that failed last time) are checked out and read;
the others are reported unchanged from what the last sync recorded. Each folder read goes
through the library's usual import, so every check applies. A folder that keeps its
`version` but changes its content is refused before anything of it is written, naming the
example, the commit and the files that differ.
"""

import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from exlib_assets.core import library_index
from exlib_assets.core.app import App
from exlib_assets.core.contributions.settle import settle_merged_branches
from exlib_assets.core.errors import ExlibError, GitHostError
from exlib_assets.core.example_library import ImportReport, VersionOrigin
from exlib_assets.core.githost.gitcli import failure, run_git
from exlib_assets.core.githost.mirror import RepositoryMirror
from exlib_assets.core.library_sources.folders import example_folders, relative_to, touched_folders
from exlib_assets.core.library_sources.registry import require_source
from exlib_assets.core.library_sources.remote import source_mirror
from exlib_assets.core.loaded_example import LoadedExample, load_example_folder
from exlib_assets.core.versions import parse_version


@dataclass
class SyncReport(ImportReport):
    """An import report, plus the source and the commit it was read at."""

    source: str = ""
    commit: str = ""

    def to_dict(self) -> dict:
        return {"source": self.source, **super().to_dict(), "commit": self.commit}


@dataclass(frozen=True)
class _SourceState:
    name: str
    under: str
    branch: str
    synced_commit: str | None
    folders: dict
    retry_folders: list


def sync_source(app: App, name: str, *, actor: str = "exlib") -> SyncReport:
    """Bring library source `name` into the library at its branch head; `actor` is who the history
    says accepted a contribution this sync publishes."""
    with app.db.session() as session:
        source = require_source(session, app, name)
        mirror = source_mirror(app, source)
        state = _SourceState(
            name=source.name,
            under=source.under,
            branch=source.branch,
            synced_commit=source.synced_commit,
            folders=dict(source.folders or {}),
            retry_folders=list(source.retry_folders or []),
        )
    mirror.fetch()
    head = mirror.head(state.branch)
    if head is None:
        raise GitHostError(
            f"library source {name!r}: {mirror.display_url} has no branch {state.branch!r}; push it, or "
            f"re-add the source with the right `--branch`."
        )
    folders = example_folders(mirror.files_under(head, state.under))
    to_read = _folders_to_read(mirror, state, head, folders)

    report = SyncReport(source=name, commit=head)
    recorded = {folder: state.folders[folder] for folder in folders if folder in state.folders}
    for folder in folders:
        if folder not in to_read and folder in recorded:
            report.unchanged.append({"path": _display(folder), **recorded[folder]})
    if to_read:
        _read_and_import(app, mirror, state, head, sorted(to_read), report, recorded)
    failed_folders = sorted({_folder_of(entry["path"]) for entry in report.failed})

    with app.db.session() as session:
        source = require_source(session, app, name)
        source.synced_commit = head
        source.synced_at = datetime.now(UTC)
        source.folders = recorded
        source.retry_folders = failed_folders
    if report.imported:
        # A merged contribution has just become a version: its course is brought up to it.
        settle_merged_branches(app, actor)
    return report


def _folders_to_read(mirror: RepositoryMirror, state: _SourceState, head: str, folders: list[str]) -> set[str]:
    """Folders changed since the last synced commit, those that failed then, and those never read."""
    if state.synced_commit is None or not mirror.is_ancestor(state.synced_commit, head):
        return set(folders)  # first sync, or history rewritten: look at everything
    changed = [
        inside
        for path in mirror.changed_files(state.synced_commit, head)
        if (inside := relative_to(path, state.under)) is not None
    ]
    retry = {folder for folder in state.retry_folders if folder in folders}
    unknown = {folder for folder in folders if folder not in state.folders}
    return touched_folders(folders, changed) | retry | unknown


def _read_and_import(
    app: App,
    mirror: RepositoryMirror,
    state: _SourceState,
    head: str,
    to_read: list[str],
    report: SyncReport,
    recorded: dict,
) -> None:
    with tempfile.TemporaryDirectory(prefix="exlib-source-") as scratch:
        worktree = Path(scratch) / "tree"
        worktree.mkdir()
        _check_out(mirror, head, [_repository_path(state.under, folder) for folder in to_read], worktree, scratch)
        loaded: list[LoadedExample] = []
        for folder in to_read:
            inside = _repository_path(state.under, folder)
            on_disk = worktree / inside if inside else worktree
            try:
                example = load_example_folder(on_disk, app.library.limits)
            except ExlibError as error:
                report.failed.append({"path": _display(folder), "error": str(error).replace(f"{worktree}/", "")})
                continue
            example = replace(example, source=_display(folder))
            refusal = _same_version_other_content(app, example, head)
            if refusal:
                report.failed.append({"path": _display(folder), "error": refusal})
                continue
            loaded.append(example)
        imported = app.library.import_loaded(loaded, ImportReport(), origin=VersionOrigin(state.name, head))
    for entry in imported.imported + imported.unchanged:
        recorded[_folder_of(entry["path"])] = {"identifier": entry["identifier"], "version": entry["version"]}
    report.imported.extend(imported.imported)
    report.unchanged.extend(imported.unchanged)
    report.failed.extend(imported.failed)


def _same_version_other_content(app: App, example: LoadedExample, head: str) -> str | None:
    """Why `example` must be refused when its version is in the library with other files; None otherwise."""
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        known = library_index.find_example(session, library, example.identifier)
        existing = library_index.find_version(known, example.version) if known else None
        if existing is None or existing.digest == example.digest:
            return None
        before, after = existing.manifest, example.manifest
        differing = sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))
        newest = max((v.tag for v in known.versions), key=parse_version)
    return (
        f"{example.key} at commit {head[:12]}: version {existing.tag} of {example.identifier} is already in the "
        f"library with other content; files that differ: {', '.join(differing)}. Versions are immutable: bump "
        f"`version` in {example.source or '.'}/meta.yaml (newest now: {newest}) and commit; nothing of it was imported."
    )


def _check_out(mirror: RepositoryMirror, commit: str, paths: list[str], worktree: Path, scratch: str) -> None:
    """Write the files below `paths` at `commit` into `worktree`, with an index of its own (the mirror's stays)."""
    result = run_git(
        [
            "--git-dir",
            str(mirror.folder),
            "--work-tree",
            str(worktree),
            "--literal-pathspecs",
            "checkout",
            commit,
            "--",
            *[path or "." for path in paths],
        ],
        cwd=worktree,
        env={"GIT_INDEX_FILE": str(Path(scratch) / "index")},
        redact=mirror.redact,
    )
    if result.returncode != 0:
        raise failure(f"check out {len(paths)} example folders of {mirror.display_url}", result, mirror.redact)


def _repository_path(under: str, folder: str) -> str:
    return "/".join(part for part in (under, folder) if part)


def _display(folder: str) -> str:
    return folder or "."


def _folder_of(displayed: str) -> str:
    return "" if displayed == "." else displayed
