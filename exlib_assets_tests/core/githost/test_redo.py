"""redo_until_pushed against a real bare repository that other writers keep moving."""

from pathlib import Path

import pytest

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost import GitWorkspace, LocalGitHost
from exlib_assets.core.githost.redo import redo_until_pushed
from exlib_assets_tests.repositories import commit_count, push_change

REPO = "prog1-assignments"


@pytest.fixture
def remote(tmp_path: Path) -> str:
    host = LocalGitHost(tmp_path / "git")
    host.ensure_repository(REPO)
    return host.push_url(REPO)


def commit_a_file(workspace: GitWorkspace, name: str) -> bool:
    (workspace.folder / name).write_text(f"{name}\n")
    return workspace.commit_all(f"add {name}", "Ada", "ada@example.edu") is not None


def test_work_is_redone_on_top_of_what_landed_meanwhile(tmp_path: Path, remote: str):
    attempts = []

    def work(workspace: GitWorkspace, attempt: int) -> bool:
        attempts.append(attempt)
        if attempt == 0:  # another writer lands between our fetch and our push
            push_change(remote, tmp_path, lambda clone: (clone / "theirs.txt").write_text("theirs\n"))
        return commit_a_file(workspace, "ours.txt")

    workspace, retries = redo_until_pushed(remote, tmp_path / "work", work, what="add ours")

    assert (attempts, retries) == ([0, 1], 1)
    assert commit_count(remote) == 2
    assert {p.name for p in workspace.folder.iterdir()} == {".git", "ours.txt", "theirs.txt"}


def test_nothing_to_push_pushes_nothing(tmp_path: Path, remote: str):
    workspace, retries = redo_until_pushed(remote, tmp_path / "work", lambda ws, attempt: False, what="nothing")

    assert retries == 0 and workspace.head() is None and commit_count(remote) == 0


def test_a_remote_that_keeps_moving_gives_a_clear_error(tmp_path: Path, remote: str):
    def work(workspace: GitWorkspace, attempt: int) -> bool:
        push_change(remote, tmp_path, lambda clone: (clone / f"theirs{attempt}.txt").write_text("x\n"))
        return commit_a_file(workspace, "ours.txt")

    with pytest.raises(GitHostError, match="could not add ours: the push to .* was refused 3 times") as caught:
        redo_until_pushed(remote, tmp_path / "work", work, what="add ours", attempts=3)

    assert "run it again" in str(caught.value)
    assert commit_count(remote) == 3  # only the other writer's commits landed
