"""The folder keys a template build judges kept views by, brought up to date from what git says
changed since the last build, equal the keys listed from every tree, whatever changed: files,
folders added or gone, a file turned folder and back, a `.gitattributes`, a damaged record.
Real repositories."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from exlib_assets.core.templates.source_trees import RECORD_FILE, folder_keys
from exlib_assets_tests.repositories import git, git_value


def write(repo: Path, relpath: str, text: str) -> None:
    path = repo / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def commit(repo: Path, message: str) -> str:
    git("add", "--all", cwd=repo)
    git("commit", "--quiet", "-m", message, cwd=repo)
    return git_value("rev-parse", "HEAD", cwd=repo)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "assignments"
    git("init", "--quiet", "--initial-branch=main", str(repo))
    for number in range(1, 4):
        write(repo, f"week{number}/hello/hello.py", f"print({number})\n")
        write(repo, f"week{number}/hello/data/in.txt", "1 2 3\n")
        write(repo, f"week{number}/notes.md", "notes\n")
    commit(repo, "first")
    return repo


def listed_from_every_tree(repo: Path) -> dict[str, str]:
    (repo / ".git" / RECORD_FILE).unlink(missing_ok=True)
    return folder_keys(repo)


CHANGES: dict[str, Callable[[Path], None]] = {
    "a file edited deep down": lambda repo: write(repo, "week2/hello/data/in.txt", "4 5 6\n"),
    "a content added": lambda repo: write(repo, "week4/new/sub/deeper/file.py", "x = 1\n"),
    "a folder removed": lambda repo: shutil.rmtree(repo / "week3"),
    "a file turned into a folder": lambda repo: (
        (repo / "week1/notes.md").unlink(),
        write(repo, "week1/notes.md/inside.md", "now a folder\n"),
    ),
    "a folder turned into a file": lambda repo: (
        shutil.rmtree(repo / "week2/hello/data"),
        write(repo, "week2/hello/data", "now a file\n"),
    ),
    "a .gitattributes added": lambda repo: write(repo, "week1/.gitattributes", "*.py text eol=crlf\n"),
    "a name with a space": lambda repo: write(repo, "week5/a folder/b c/d.py", "y = 2\n"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_keys_brought_up_to_date_equal_those_listed_from_every_tree(repo, change):
    before = folder_keys(repo, git_value("rev-parse", "HEAD", cwd=repo))
    CHANGES[change](repo)
    head = commit(repo, change)

    updated = folder_keys(repo, head)

    assert updated == listed_from_every_tree(repo)
    assert updated != before


def test_keys_follow_several_commits_at_once(repo):
    folder_keys(repo, git_value("rev-parse", "HEAD", cwd=repo))
    for change in ("a file edited deep down", "a content added", "a folder removed"):
        CHANGES[change](repo)
        head = commit(repo, change)

    assert folder_keys(repo, head) == listed_from_every_tree(repo)


def test_only_what_changed_is_asked_of_git(repo, tmp_path, monkeypatch):
    folder_keys(repo, git_value("rev-parse", "HEAD", cwd=repo))
    CHANGES["a file edited deep down"](repo)
    head = commit(repo, "edit")
    trace = tmp_path / "trace.json"
    monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))

    folder_keys(repo, head)

    started = [json.loads(line)["argv"] for line in trace.read_text().splitlines() if '"event":"start"' in line]
    assert [argv[1] for argv in started] == ["diff-tree", "cat-file"], started


@pytest.mark.parametrize(
    "record",
    [b"", b"{not json", b'{"format": 1, "commit": "0000000000000000000000000000000000000000", "keys": {"a": "b c"}}'],
    ids=["empty", "not-json", "unknown-commit"],
)
def test_a_damaged_or_foreign_record_means_every_tree_is_listed(repo, record):
    folder_keys(repo, git_value("rev-parse", "HEAD", cwd=repo))
    (repo / ".git" / RECORD_FILE).write_bytes(record)
    CHANGES["a content added"](repo)
    head = commit(repo, "add")

    assert folder_keys(repo, head) == listed_from_every_tree(repo)
