"""The guarded writer on a real folder: every operation refuses a symlink on any part of its path
(the folder on the way, the folder itself, the final file), a path leaving the working copy and
anything under `.git/`, and the folder outside that the links point at stays byte for byte."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from exlib_assets.core.working_copy_writer import UnsafeWorkingCopyPathError, WorkingCopyWriter
from exlib_assets_tests.reliability.snapshots import folder_files


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    (folder / "week1").mkdir(parents=True)
    (folder / "victim.txt").write_text("never touch\n")
    (folder / "week1" / "victim.txt").write_text("never touch either\n")
    return folder


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "week1" / "base").mkdir(parents=True)
    (root / "week1" / "base" / "solution.py").write_text("print('hi')\n")
    return root


# Each operation, by name, doing its work at `relpath`.
OPERATIONS: dict[str, Callable[[WorkingCopyWriter, str], object]] = {
    "write_bytes": lambda writer, relpath: writer.write_bytes(relpath, b"written by exlib\n"),
    "write_files": lambda writer, relpath: writer.write_files(
        ["week1/base/first.py", relpath], {"week1/base/first.py": b"fine\n", relpath: b"written by exlib\n"}
    ),
    "write_text": lambda writer, relpath: writer.write_text(relpath, "written by exlib\n"),
    "make_folder": lambda writer, relpath: writer.make_folder(relpath),
    "remove_file": lambda writer, relpath: writer.remove_file(relpath),
    "remove_empty_folders": lambda writer, relpath: writer.remove_empty_folders(relpath),
    "read_bytes": lambda writer, relpath: writer.read_bytes(relpath),
    "list_files": lambda writer, relpath: writer.list_files(relpath),
}


def _plant(copy: Path, outside: Path, where: str) -> tuple[str, str]:
    """A symlink at `where`; returns (the path operated on, the link the error must name)."""
    if where == "parent folder":
        os.rename(copy / "week1", copy / "moved")
        os.symlink(outside, copy / "week1")
        return "week1/victim.txt", "week1"
    if where == "the folder itself":
        os.symlink(outside / "week1", copy / "week1" / "linked")
        return "week1/linked", "week1/linked"
    if where == "final file":
        os.symlink(outside / "victim.txt", copy / "week1" / "base" / "victim.txt")
        return "week1/base/victim.txt", "week1/base/victim.txt"
    if where == "dangling final file":
        os.symlink(outside / "new.txt", copy / "week1" / "base" / "new.txt")
        return "week1/base/new.txt", "week1/base/new.txt"
    raise AssertionError(where)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("where", ["parent folder", "the folder itself", "final file", "dangling final file"])
def test_every_operation_refuses_a_symlink_on_its_path(copy, outside, operation, where):
    relpath, link = _plant(copy, outside, where)
    before = folder_files(outside)

    with pytest.raises(UnsafeWorkingCopyPathError) as refused:
        OPERATIONS[operation](WorkingCopyWriter(copy), relpath)

    message = str(refused.value)
    assert f"{link} in the assignments repository is a symlink" in message
    assert "replace it with a real file or folder" in message
    assert folder_files(outside) == before
    assert not (outside / "new.txt").exists()
    assert os.path.islink(copy / link)  # refused, not removed either


@pytest.mark.parametrize(
    ("relpath", "said"),
    [
        ("../outside/victim.txt", "may leave the working copy"),
        ("week1/../../outside/victim.txt", "may leave the working copy"),
        ("/etc/passwd", "is absolute"),
        ("week1//x.py", "empty part"),
        ("./x.py", "may leave the working copy"),
        (".git/hooks/post-commit", "lies under .git/"),
        ("week1/.git/config", "lies under .git/"),
        (".GIT/config", "lies under .git/"),
    ],
)
@pytest.mark.parametrize("operation", ["write_bytes", "remove_file", "make_folder", "read_bytes"])
def test_paths_leaving_the_working_copy_or_into_git_are_refused(copy, outside, relpath, said, operation):
    before_outside, before_git = folder_files(outside), folder_files(copy / ".git")

    with pytest.raises(UnsafeWorkingCopyPathError, match="exlib writes only plain paths") as refused:
        OPERATIONS[operation](WorkingCopyWriter(copy), relpath)

    assert said in str(refused.value) and repr(relpath) in str(refused.value)
    assert folder_files(outside) == before_outside
    assert folder_files(copy / ".git") == before_git


def test_writes_make_folders_replace_files_and_remove_them(copy):
    writer = WorkingCopyWriter(copy)

    writer.write_bytes("week2/new/deep/data.bin", b"\0\1\2")
    writer.write_text("week1/base/solution.py", "short\n")
    writer.make_folder("week3/empty")

    assert (copy / "week2/new/deep/data.bin").read_bytes() == b"\0\1\2"
    assert (copy / "week1/base/solution.py").read_text() == "short\n"  # truncated, not appended
    assert writer.read_bytes("week1/base/solution.py") == b"short\n"
    assert writer.read_bytes("week1/base/missing.py") is None
    assert writer.read_bytes("nowhere/missing.py") is None
    assert writer.list_files() == ["week1/base/solution.py", "week2/new/deep/data.bin"]  # .git left out

    writer.remove_file("week2/new/deep/data.bin")
    writer.remove_file("week2/new/deep/data.bin")  # already gone: nothing to do
    writer.remove_empty_folders("week2/new/deep")

    assert not (copy / "week2").exists()  # emptied upwards
    assert (copy / "week3" / "empty").is_dir()  # not below the pruned path
    writer.remove_empty_folders()
    assert not (copy / "week3").exists() and (copy / ".git" / "HEAD").is_file()
    assert (copy / "week1" / "base" / "solution.py").is_file()


@pytest.mark.parametrize("write", ["write_bytes", "write_files"])
def test_only_a_file_with_something_in_it_is_truncated_before_it_is_written(copy, monkeypatch, write):
    # On ext4, truncating a new, empty file costs a journal entry: a third of a deploy's writing.
    truncated = []
    real_ftruncate = os.ftruncate
    monkeypatch.setattr(os, "ftruncate", lambda fd, size: (truncated.append(size), real_ftruncate(fd, size))[1])
    writer = WorkingCopyWriter(copy)
    files = {"week1/base/solution.py": b"short\n", "week2/new/a.py": b"a\n", "week2/new/b.py": b"b\n"}
    (copy / "week1/base/empty.py").write_bytes(b"")
    files["week1/base/empty.py"] = b"now full\n"

    if write == "write_bytes":
        for relpath, data in files.items():
            writer.write_bytes(relpath, data)
    else:
        writer.write_files(files, files)

    assert truncated == [0]  # solution.py, which held more than it does now
    assert {relpath: (copy / relpath).read_bytes() for relpath in files} == files


def test_a_file_where_a_folder_is_needed_and_a_folder_where_a_file_is_needed(copy):
    writer = WorkingCopyWriter(copy)

    with pytest.raises(
        UnsafeWorkingCopyPathError, match=r"week1/base/solution.py .* is a file where exlib needs a folder"
    ):
        writer.write_bytes("week1/base/solution.py/x.py", b"")
    with pytest.raises(UnsafeWorkingCopyPathError, match=r"week1/base .* is a folder where exlib needs a file"):
        writer.write_bytes("week1/base", b"")
    with pytest.raises(UnsafeWorkingCopyPathError, match=r"week1/base .* is a folder where exlib needs a file"):
        writer.remove_file("week1/base")


def test_a_hard_linked_file_is_not_written(copy, outside):
    os.link(outside / "victim.txt", copy / "week1" / "base" / "linked.txt")
    before = folder_files(outside)

    with pytest.raises(UnsafeWorkingCopyPathError, match=r"week1/base/linked.txt .* 2 hard links"):
        WorkingCopyWriter(copy).write_bytes("week1/base/linked.txt", b"through the link\n")

    assert folder_files(outside) == before


def test_a_symlink_above_the_working_copy_is_the_machines_business(tmp_path, copy):
    """EXLIB_HOME may well lie behind a link (/home -> /data/home); only links inside the copy count."""
    alias = tmp_path / "alias"
    os.symlink(copy, alias)

    WorkingCopyWriter(alias).write_text("week1/base/notes.md", "fine\n")

    assert (copy / "week1" / "base" / "notes.md").read_text() == "fine\n"


def test_symlink_problem_names_a_link_anywhere_in_a_folder(copy, outside):
    writer = WorkingCopyWriter(copy)
    assert writer.symlink_problem("week1/base") is None
    assert writer.symlink_problem("week9/nothing") is None  # not there yet: nothing to refuse

    os.symlink(outside / "victim.txt", copy / "week1" / "base" / "data.txt")

    assert "week1/base/data.txt in the assignments repository is a symlink" in writer.symlink_problem("week1")
    with pytest.raises(UnsafeWorkingCopyPathError, match="week1/base/data.txt"):
        writer.refuse_symlinks("week1/base")
    with pytest.raises(UnsafeWorkingCopyPathError, match="week1/base/data.txt"):
        writer.remove_empty_folders("week1")
    assert os.path.islink(copy / "week1" / "base" / "data.txt")
