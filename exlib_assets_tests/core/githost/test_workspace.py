"""A working copy against real bare repositories: empty remotes, commits, deletions, races, secrets."""

from pathlib import Path

import pytest

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost import GitWorkspace, LocalGitHost, PushRejected
from exlib_assets.core.githost.gitcli import run_git
from exlib_assets.core.githost.workspace import LeaseLost
from exlib_assets_tests.core.githost.checks import assert_no_secret
from exlib_assets_tests.repositories import git_value as git
from exlib_assets_tests.services.postgres import free_port

REPO = "prog1_2026-assignments"
ADA = ("Ada Lecturer", "ada@example.edu")


@pytest.fixture
def remote(tmp_path: Path) -> str:
    host = LocalGitHost(tmp_path / "git")
    host.ensure_repository(REPO)
    return host.push_url(REPO)


def write(workspace: GitWorkspace, relpath: str, text: str) -> None:
    path = workspace.folder / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def fresh_clone(remote: str, folder: Path) -> Path:
    git("clone", "--quiet", remote, str(folder))
    return folder


def test_an_empty_remote_gives_an_empty_working_copy_on_main(tmp_path: Path, remote: str):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")

    assert workspace.head() is None
    assert workspace.remote_head() is None
    assert git("symbolic-ref", "HEAD", cwd=workspace.folder) == "refs/heads/main"
    assert [p.name for p in workspace.folder.iterdir()] == [".git"]


def test_commit_push_and_no_empty_commit_when_nothing_changed(tmp_path: Path, remote: str):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    write(workspace, "week1/hello/hello.py", "print('hello')\n")

    sha = workspace.commit_all("deploy week1.hello", *ADA)
    again = workspace.commit_all("deploy week1.hello", *ADA)
    workspace.push()

    assert sha is not None and again is None
    assert git("rev-list", "--count", "HEAD", cwd=workspace.folder) == "1"
    assert workspace.remote_head() == sha
    check = fresh_clone(remote, tmp_path / "check")
    assert (check / "week1/hello/hello.py").read_text() == "print('hello')\n"
    assert git("log", "-1", "--format=%an <%ae> / %cn", cwd=check) == "Ada Lecturer <ada@example.edu> / exlib"


def test_deletions_are_committed(tmp_path: Path, remote: str):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    write(workspace, "keep.txt", "keep\n")
    write(workspace, "old/gone.txt", "gone\n")
    workspace.commit_all("add", *ADA)

    (workspace.folder / "old/gone.txt").unlink()
    assert workspace.commit_all("remove old", *ADA) is not None
    workspace.push()

    check = fresh_clone(remote, tmp_path / "check")
    assert (check / "keep.txt").exists()
    assert not (check / "old").exists()


def test_a_commit_of_named_paths_takes_what_changed_there_deletions_too_and_nothing_else(tmp_path: Path, remote: str):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    write(workspace, "week1/old/gone.txt", "gone\n")
    write(workspace, "week1/*/star.txt", "a folder named *\n")
    workspace.commit_all("add", *ADA)
    (workspace.folder / "week1/old/gone.txt").unlink()
    (workspace.folder / "week1/old").rmdir()
    write(workspace, "week2/new/new.txt", "new\n")
    write(workspace, "week1/*/star.txt", "changed\n")
    write(workspace, "week1/x/left.txt", "not named\n")

    sha = workspace.commit_all("named", *ADA, only=["week1/old", "week2/new", "week1/*"])
    nothing = workspace.commit_all("again", *ADA, only=["week2/new"])

    assert sha is not None and nothing is None
    assert git("show", "--name-status", "--format=", "HEAD", cwd=workspace.folder).splitlines() == [
        "M\tweek1/*/star.txt",
        "D\tweek1/old/gone.txt",
        "A\tweek2/new/new.txt",
    ]
    assert git("status", "--porcelain", cwd=workspace.folder) == "?? week1/x/"
    assert workspace.head() == git("rev-parse", "HEAD", cwd=workspace.folder)


def test_a_commit_message_longer_than_a_command_line_may_hold_is_committed_whole(tmp_path: Path, remote: str):
    # A course of thousands of contents lists each in its commit message: more than the 128 KiB
    # one argument of a command may hold, which made `git commit --message` fail to start.
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    write(workspace, "week1/a/a.txt", "a\n")
    message = "Deploy 6000 contents\n\n" + "".join(f"- week{n % 14}.example{n:05d}: deployed\n" for n in range(6000))
    assert len(message.encode()) > 128 * 1024

    sha = workspace.commit_all(message, *ADA, only=["week1/a"])

    assert sha == git("rev-parse", "HEAD", cwd=workspace.folder)
    assert git("log", "-1", "--format=%B", cwd=workspace.folder).strip() == message.strip()


def test_a_command_line_too_long_to_start_is_reported_as_a_bug_not_a_missing_git(tmp_path: Path):
    with pytest.raises(GitHostError) as raised:
        run_git(["log", "--grep", "x" * 200_000], redact=str, cwd=tmp_path)

    assert "too long" in str(raised.value) and "report this as a bug" in str(raised.value)
    assert "install git" not in str(raised.value)


def test_an_earlier_working_copy_is_made_to_match_the_remote(tmp_path: Path, remote: str):
    first = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    write(first, "a.txt", "a\n")
    pushed = first.commit_all("add a", *ADA)
    first.push()
    write(first, "a.txt", "edited but never committed\n")
    write(first, "stray.txt", "untracked\n")
    write(first, "b.txt", "b\n")
    first.commit_all("never pushed", *ADA)

    again = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")

    assert again.head() == pushed
    assert sorted(p.name for p in again.folder.iterdir()) == [".git", "a.txt"]
    assert (again.folder / "a.txt").read_text() == "a\n"


def test_a_folder_with_other_files_is_not_overwritten(tmp_path: Path, remote: str):
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "notes.txt").write_text("mine\n")

    with pytest.raises(GitHostError, match="not a git working copy"):
        GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    assert (tmp_path / "work" / "notes.txt").read_text() == "mine\n"


def test_push_without_a_commit_leaves_the_remote_empty(tmp_path: Path, remote: str):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")

    workspace.push()

    assert git("for-each-ref", cwd=Path(remote)) == ""


def test_a_push_after_the_remote_moved_is_rejected_then_redone_on_the_remote_and_pushed(tmp_path: Path, remote: str):
    first = GitWorkspace.clone_or_fetch(remote, tmp_path / "first")
    second = GitWorkspace.clone_or_fetch(remote, tmp_path / "second")
    write(first, "week1/a.py", "a\n")
    write(second, "week2/b.py", "b\n")
    first_sha = first.commit_all("deploy week1", *ADA)
    second.commit_all("deploy week2", *ADA)

    first.push()
    with pytest.raises(PushRejected, match=r"Fetch it again \(clone_or_fetch\) and redo the change on top of it"):
        second.push()
    # What the message says to do: start again from the remote and redo the change.
    second = GitWorkspace.clone_or_fetch(remote, tmp_path / "second")
    write(second, "week2/b.py", "b\n")
    second.commit_all("deploy week2", *ADA)
    second.push()

    check = fresh_clone(remote, tmp_path / "check")
    assert git("log", "--format=%s", cwd=check).splitlines() == ["deploy week2", "deploy week1"]
    assert git("rev-parse", "HEAD~1", cwd=check) == first_sha
    assert (check / "week1/a.py").exists() and (check / "week2/b.py").exists()


def test_a_push_that_lost_the_race_on_an_empty_remote_is_rejected_too(tmp_path: Path, remote: str):
    first = GitWorkspace.clone_or_fetch(remote, tmp_path / "first")
    second = GitWorkspace.clone_or_fetch(remote, tmp_path / "second")
    write(first, "a.txt", "a\n")
    write(second, "b.txt", "b\n")
    first.commit_all("a", *ADA)
    second.commit_all("b", *ADA)
    first.push()

    with pytest.raises(PushRejected):
        second.push()
    second = GitWorkspace.clone_or_fetch(remote, tmp_path / "second")
    write(second, "b.txt", "b\n")
    second.commit_all("b", *ADA)
    second.push()

    assert git("rev-list", "--count", "main", cwd=Path(remote)) == "2"


def test_a_leased_push_replaces_the_branch_as_read_and_never_a_commit_pushed_since(tmp_path: Path, remote: str):
    base = GitWorkspace.clone_or_fetch(remote, tmp_path / "base")
    write(base, "a.txt", "a\n")
    base.commit_all("a", *ADA)
    base.push()
    ours = GitWorkspace.clone_or_fetch(remote, tmp_path / "ours")
    ours.start_branch("exlib/update/x/1.1", ours.head())
    write(ours, "a.txt", "exlib's proposal\n")
    proposal = ours.commit_all("proposal", *ADA)

    # New branch: the lease is "does not exist yet", so a branch someone created meanwhile wins.
    lecturer = fresh_clone(remote, tmp_path / "lecturer")
    git("checkout", "-q", "-b", "exlib/update/x/1.1", cwd=lecturer)
    (lecturer / "a.txt").write_text("the lecturer's\n")
    git("commit", "-qam", "mine", cwd=lecturer)
    git("push", "-q", "origin", "exlib/update/x/1.1", cwd=lecturer)
    theirs = git("rev-parse", "HEAD", cwd=lecturer)

    with pytest.raises(LeaseLost, match="was not replaced") as lost:
        ours.push_with_lease("exlib/update/x/1.1", None)
    assert lost.value.remote_commit == theirs
    assert git("rev-parse", "exlib/update/x/1.1", cwd=Path(remote)) == theirs

    # Leased on the commit read: replaced (a force push), as long as nobody moved it since.
    ours.push_with_lease("exlib/update/x/1.1", theirs)
    assert git("rev-parse", "exlib/update/x/1.1", cwd=Path(remote)) == proposal


def test_a_failing_push_never_shows_the_credentials(tmp_path: Path, remote: str):
    secret = "SENTINEL"
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    write(workspace, "a.txt", "a\n")
    workspace.commit_all("a", *ADA)
    closed = f"http://user:{secret}@127.0.0.1:{free_port()}/x.git"

    with pytest.raises(GitHostError, match="unreachable") as caught:
        GitWorkspace(workspace.folder, closed).push()

    assert not isinstance(caught.value, PushRejected)
    assert_no_secret(caught.value, secret)
    # The command is echoed: git was given the URL without its credentials (they went through its environment).
    assert f"push --porcelain http://127.0.0.1:{closed.split(':')[-1]}" in str(caught.value)


def test_a_failing_fetch_never_shows_the_credentials(tmp_path: Path):
    secret = "SENTINEL"
    closed = f"https://oauth2:{secret}@127.0.0.1:{free_port()}/c/x.git"

    with pytest.raises(GitHostError, match="unreachable") as caught:
        GitWorkspace.clone_or_fetch(closed, tmp_path / "work")

    assert_no_secret(caught.value, secret)
    assert secret not in repr(GitWorkspace(tmp_path / "work", closed))
    assert not (tmp_path / "work" / ".git" / "config").read_text().count(secret)


def test_commit_paths_commits_the_named_writes_and_removals_literally(tmp_path: Path, remote: str):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    for relpath in ("week1/a.txt", "week1/b.txt", "week1/[x]*.txt"):
        write(workspace, relpath, relpath)
    workspace.commit_all("add", *ADA)
    write(workspace, "week1/[x]*.txt", "changed")
    write(workspace, "week2/new.txt", "new")
    (workspace.folder / "week1/a.txt").unlink()
    # Not named: as a pattern, the first name would take it along.
    write(workspace, "week1/x1.txt", "not named")

    sha = workspace.commit_paths(["week1/[x]*.txt", "week2/new.txt", "week1/a.txt"], "change", *ADA)

    assert sha is not None
    assert git("ls-tree", "-r", "--name-only", sha, cwd=workspace.folder).split("\n") == [
        "week1/[x]*.txt",
        "week1/b.txt",
        "week2/new.txt",
    ]
    assert git("show", f"{sha}:week1/[x]*.txt", cwd=workspace.folder) == "changed"
    # Nothing else to commit: no empty commit.
    assert workspace.commit_paths([], "nothing", *ADA) is None
    assert workspace.commit_paths(["week1/b.txt"], "nothing", *ADA) is None
