"""A contribution as a branch in the library source the example came from.

The commit is built in the source's bare mirror with an index of its own (the mirror's refs and
config stay as the sync left them) and pushed as a new branch: an existing branch is never
replaced, so a second contribution of the same version is refused instead of overwriting the
first. The token, if any, reaches git through its environment, as for a sync.
"""

import tempfile
from collections.abc import Mapping
from pathlib import Path

from exlib_assets.core.app import App
from exlib_assets.core.db.models import LibrarySource
from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.gitcli import failure, run_git
from exlib_assets.core.githost.mirror import RepositoryMirror
from exlib_assets.core.library_sources.remote import auth_env, source_mirror
from exlib_assets.core.working_copy_writer import WorkingCopyWriter

BRANCH_PREFIX = "exlib/contrib"


def contribution_branch(identifier: str, version: str) -> str:
    return f"{BRANCH_PREFIX}/{identifier}/{version}"


def find_source_folder(source: LibrarySource, identifier: str) -> str | None:
    """The folder of `source` (relative to its `under`) that the last sync read `identifier` from."""
    for folder, recorded in sorted((source.folders or {}).items()):
        if recorded.get("identifier") == identifier:
            return folder
    return None


def push_branch(
    app: App,
    source: LibrarySource,
    folder: str,
    files: Mapping[str, bytes],
    *,
    branch: str,
    message: str,
    author: str,
) -> str:
    """Push `branch` to `source`: its branch head with `folder` holding exactly `files`; the new commit."""
    mirror = source_mirror(app, source)
    mirror.fetch()
    head = mirror.head(source.branch)
    if head is None:
        raise GitHostError(
            f"library source {source.name!r} has no branch {source.branch!r} any more; push it, or re-add the source."
        )
    existing = mirror.head(branch)
    inside = "/".join(part for part in (source.under, folder) if part)
    git_dir = ["--git-dir", str(mirror.folder)]
    with tempfile.TemporaryDirectory(prefix="exlib-contrib-") as scratch:
        worktree = Path(scratch) / "tree"
        worktree.mkdir()
        writer = WorkingCopyWriter(worktree)
        for path, data in files.items():
            writer.write_bytes(f"{inside}/{path}" if inside else path, data)
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}

        def git(*args: str, action: str, extra: Mapping[str, str] | None = None) -> str:
            result = run_git(
                [*git_dir, "--work-tree", str(worktree), "--literal-pathspecs", *args],
                cwd=worktree,
                env={**env, **(extra or {})},
                redact=mirror.redact,
            )
            if result.returncode != 0:
                raise failure(action, result, mirror.redact)
            return result.stdout.strip()

        git("read-tree", head, action=f"read {source.branch} of {mirror.display_url}")
        git("rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", inside or ".", action="clear the example folder")
        git("add", "--", inside or ".", action="stage the contributed files")
        tree = git("write-tree", action="write the contributed tree")
        if existing is not None:
            # A run that pushed this branch and died before recording it: the same files take it
            # over; anything else was proposed by someone else and is not replaced.
            folder_now = git(
                "rev-parse", f"{existing}:{inside}" if inside else f"{existing}^{{tree}}", action="read it"
            )
            folder_proposed = git("rev-parse", f"{tree}:{inside}" if inside else tree, action="read the proposal")
            if folder_now == folder_proposed:
                return existing
            raise GitHostError(
                f"branch {branch} exists already in library source {source.name!r}: that version was proposed "
                "before. Merge or delete that branch first, then contribute again."
            )
        commit = git(
            "commit-tree",
            tree,
            "-p",
            head,
            "-m",
            message,
            action="commit the contribution",
            extra={
                "GIT_AUTHOR_NAME": author,
                "GIT_AUTHOR_EMAIL": "exlib@localhost",
                "GIT_COMMITTER_NAME": "exlib",
                "GIT_COMMITTER_EMAIL": "exlib@localhost",
            },
        )
    _push(app, source, mirror, f"{commit}:refs/heads/{branch}", f"push branch {branch}")
    return commit


def merge_branch(app: App, source: LibrarySource, branch: str) -> str:
    """Fast-forward `source`'s branch to contribution `branch` and delete the branch; the commit merged.

    Only a fast-forward: when the source moved on since the contribution, its maintainers merge
    the branch themselves (their merge may need decisions exlib must not take)."""
    mirror = source_mirror(app, source)
    mirror.fetch()
    commit = mirror.head(branch)
    if commit is None:
        raise GitHostError(
            f"branch {branch} is gone from library source {source.name!r} (merged or deleted there); "
            f"sync the source (`exlib library source sync {source.name}`) or reject the contribution."
        )
    _push(app, source, mirror, f"{commit}:refs/heads/{source.branch}", f"merge {branch} into {source.branch}")
    _push(app, source, mirror, f":refs/heads/{branch}", f"delete branch {branch}")
    return commit


def delete_branch(app: App, source: LibrarySource, branch: str) -> None:
    """Remove contribution `branch` from `source`; nothing when it is gone already."""
    mirror = source_mirror(app, source)
    mirror.fetch()
    if mirror.head(branch) is not None:
        _push(app, source, mirror, f":refs/heads/{branch}", f"delete branch {branch}")


def _push(app: App, source: LibrarySource, mirror: RepositoryMirror, refspec: str, action: str) -> None:
    result = run_git(
        ["--git-dir", str(mirror.folder), "push", "--quiet", source.url, refspec],
        env=auth_env(app, source),
        redact=mirror.redact,
    )
    if result.returncode != 0:
        hint = None
        if "non-fast-forward" in result.stderr or "fetch first" in result.stderr:
            hint = (
                f"{source.branch} of the source moved on since the contribution; merge the branch there by hand, "
                f"then sync the source"
            )
        raise failure(f"{action} in {mirror.display_url}", result, mirror.redact, hint=hint)
