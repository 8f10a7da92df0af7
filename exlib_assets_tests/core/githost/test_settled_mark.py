"""A working copy its last user marked settled is not checked out and cleaned again, and is
whenever the mark may not hold: the remote moved, the mark is damaged or another branch's, a
run stopped before marking, or git ran in the folder after the mark. Real repositories."""

import json
from pathlib import Path

import pytest

from exlib_assets.core.githost import GitWorkspace, LocalGitHost
from exlib_assets.core.githost.workspace import SETTLED_MARK
from exlib_assets_tests.repositories import push_change

REPO = "prog1_2026-assignments"
AUTHOR = ("Ada Lecturer", "ada@example.edu")


@pytest.fixture
def remote(tmp_path: Path) -> str:
    host = LocalGitHost(tmp_path / "git")
    host.ensure_repository(REPO)
    url = host.push_url(REPO)
    seed = GitWorkspace.clone_or_fetch(url, tmp_path / "seed")
    (seed.folder / "README.md").write_text("course\n")
    seed.commit_all("seed", *AUTHOR)
    seed.push()
    return url


def settled_copy(remote: str, folder: Path) -> GitWorkspace:
    """A working copy with one commit of this run pushed, marked settled as a deploy leaves it."""
    workspace = GitWorkspace.clone_or_fetch(remote, folder)
    (workspace.folder / "week1").mkdir()
    (workspace.folder / "week1" / "a.py").write_text("print(1)\n")
    workspace.commit_all("add a", *AUTHOR, only=["week1"])
    workspace.push()
    workspace.mark_settled()
    return workspace


def git_commands(trace: Path) -> list[str]:
    """The git subcommands started (top level only) as recorded by git's own trace."""
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    return [_subcommand(event["argv"]) for event in events if event["event"] == "start" and "/" not in event["sid"]]


def _subcommand(argv: list[str]) -> str:
    arguments = iter(argv[1:])
    for argument in arguments:
        if argument == "-c":
            next(arguments)
        elif not argument.startswith("-"):
            return argument
    return "?"


def test_a_settled_copy_of_an_unmoved_remote_is_neither_checked_out_nor_cleaned(tmp_path, remote, monkeypatch):
    settled_copy(remote, tmp_path / "work")
    trace = tmp_path / "trace.json"
    monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))

    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")

    started = git_commands(trace)
    assert "checkout" not in started and "clean" not in started, started
    assert (workspace.folder / "week1/a.py").read_text() == "print(1)\n"
    assert not (workspace.folder / ".git" / SETTLED_MARK).exists()  # taken: a run killed now leaves none


def test_a_settled_copy_follows_a_push_made_meanwhile(tmp_path, remote):
    settled_copy(remote, tmp_path / "work")

    def lecturer(repo: Path) -> None:
        (repo / "week1" / "a.py").unlink()
        (repo / "week2").mkdir()
        (repo / "week2" / "b.py").write_text("print(2)\n")

    push_change(remote, tmp_path, lecturer)

    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")

    assert workspace.head() == workspace.remote_head()
    assert sorted(
        p.relative_to(workspace.folder).as_posix() for p in workspace.folder.rglob("*") if ".git" not in p.parts
    ) == [
        "README.md",
        "week2",
        "week2/b.py",
    ]


@pytest.mark.parametrize(
    "mark",
    ["", "main", "main not-a-commit", "other-branch {head}", "main {head} extra", "\xff\xfe"],
    ids=["empty", "no-commit", "not-a-commit", "other-branch", "trailing", "not-utf8"],
)
def test_a_damaged_or_foreign_mark_means_a_full_checkout_and_clean(tmp_path, remote, mark):
    workspace = settled_copy(remote, tmp_path / "work")
    (workspace.folder / "stray.txt").write_text("left by a run that died\n")
    (workspace.folder / ".git" / SETTLED_MARK).write_bytes(
        mark.format(head=workspace.head()).encode("utf-8", "surrogateescape") if mark != "\xff\xfe" else b"\xff\xfe"
    )

    again = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")

    assert not (again.folder / "stray.txt").exists()


def test_a_run_that_stops_before_marking_leaves_the_next_one_to_clean(tmp_path, remote):
    settled_copy(remote, tmp_path / "work")
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")  # takes the mark
    (workspace.folder / "week1" / "half-written.py").write_text("# the run was killed here\n")
    (workspace.folder / "week1" / "a.py").write_text("changed and never committed\n")

    again = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")

    assert not (again.folder / "week1" / "half-written.py").exists()
    assert (again.folder / "week1" / "a.py").read_text() == "print(1)\n"


def test_git_run_in_the_folder_after_the_mark_drops_it(tmp_path, remote):
    workspace = settled_copy(remote, tmp_path / "work")

    workspace.start_branch("exlib/update/week1.a/2.0.0", workspace.head())

    assert not (workspace.folder / ".git" / SETTLED_MARK).exists()


def test_a_copy_marked_on_another_branch_is_checked_out_again(tmp_path, remote):
    workspace = settled_copy(remote, tmp_path / "work")
    workspace.start_branch("exlib/update/week1.a/2.0.0", workspace.head())
    (workspace.folder / "proposal.py").write_text("on the proposal branch\n")
    workspace.commit_all("proposal", *AUTHOR)
    workspace.mark_settled()

    again = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")

    assert again.head() == again.remote_head()
    assert not (again.folder / "proposal.py").exists()
