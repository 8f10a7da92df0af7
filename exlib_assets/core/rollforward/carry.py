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
from exlib_assets.core.deployments.tracking import files_on_disk, local_changes, read_tracking
from exlib_assets.core.deployments.working_copies import working_copy_folder
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.redo import redo_until_pushed


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
        for path in paths:
            deployed = workspace.folder / folder_of(path)
            tracking = read_tracking(deployed)
            if tracking is None:
                continue
            present = files_on_disk(deployed)
            changes = local_changes(present, tracking)
            if changes:
                files = {relpath: (deployed / relpath).read_bytes() for relpath in present}
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
        for edit in edits:
            target = workspace.folder / folder_of(edit.path)
            for relpath in files_on_disk(target):
                if relpath not in edit.files:
                    (target / relpath).unlink()
            for relpath, data in edit.files.items():
                (target / relpath).parent.mkdir(parents=True, exist_ok=True)
                (target / relpath).write_bytes(data)
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
