"""Carry a lecturer's edits of a course's deployed folders onto the same folders of another course.

Read from the earlier course's assignments repository: every deployed folder whose files differ
from what exlib deployed there (its tracking file says what that was). Written into the new
course, which holds the same versions at that point, in one commit: the folder then holds
exactly what the lecturer left, so a later update merges it three-way as any lecturer's edit.
"""

from dataclasses import dataclass, field
from pathlib import Path

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.deployments.tracking import local_changes, own_files, read_tracking
from exlib_assets.core.deployments.working_copies import working_copy_folder
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.redo import redo_until_pushed
from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.working_copy_writer import WorkingCopyWriter


@dataclass
class EditedFolder:
    path: str  # content path
    changes: list[str]  # `+added`, `~changed`, `-removed`
    files: dict[str, bytes] = field(repr=False, default_factory=dict)


def read_edits(app: App, slug: str, paths: list[str]) -> list[EditedFolder]:
    """The deployed folders among `paths` of course `slug` that a lecturer changed, with their files."""
    repository = courses.repository_names(slug)["assignments"]
    edited = []
    with working_copy_folder(app.settings.home / "workspaces", repository) as folder:
        workspace = GitWorkspace.clone_or_fetch(app.git_host.push_url(repository), Path(folder))
        # Read through the guarded writer: a symlink planted in the earlier course must not carry
        # an outside file into the new one.
        reader = WorkingCopyWriter(workspace.folder)
        for path in paths:
            folder_path = folder_of(path)
            tracking = read_tracking(workspace.folder / folder_path)
            if tracking is None:
                continue
            prefix = folder_path + "/"
            listing = {name[len(prefix) :]: name for name in reader.list_files(folder_path)}
            files = {relpath: reader.read_bytes(name) or b"" for relpath, name in own_files(listing).items()}
            changes = local_changes({relpath: file_sha256(data) for relpath, data in files.items()}, tracking)
            if changes:
                edited.append(EditedFolder(path, changes, files))
    return edited


def write_edits(app: App, slug: str, edits: list[EditedFolder], *, source: str, actor: str) -> str | None:
    """Make each folder of course `slug` hold the edited files, in one commit; the commit, or None."""
    if not edits:
        return None
    repository = courses.repository_names(slug)["assignments"]
    commit: str | None = None

    def work(workspace: GitWorkspace, _attempt: int) -> bool:
        nonlocal commit
        writer = WorkingCopyWriter(workspace.folder)
        for edit in edits:
            folder_path = folder_of(edit.path)
            prefix = folder_path + "/"
            listing = {name[len(prefix) :]: name for name in writer.list_files(folder_path)}
            for relpath, name in own_files(listing).items():
                if relpath not in edit.files:
                    writer.remove_file(name)
            for relpath, data in edit.files.items():
                writer.write_bytes(f"{folder_path}/{relpath}", data)
        lines = "\n".join(f"- {edit.path}: {', '.join(edit.changes)}" for edit in edits)
        commit = workspace.commit_all(
            f"Carry the lecturer's edits from {source}\n\n{lines}\n\nRequested by {actor}.\n",
            author_name="exlib",
            author_email="exlib@localhost",
        )
        return commit is not None

    with working_copy_folder(app.settings.home / "workspaces", repository) as folder:
        redo_until_pushed(app.git_host.push_url(repository), Path(folder), work, what=f"carry edits into {slug}")
    return commit
