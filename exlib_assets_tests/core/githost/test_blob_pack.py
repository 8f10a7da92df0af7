"""Many files committed at once go into the repository as one pack first (a real git, a real
bare remote): what is committed and pushed is what `git add` makes, with no loose copy of it."""

import re
import threading
from pathlib import Path

import pytest

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost import GitWorkspace, LocalGitHost
from exlib_assets.core.githost.blob_pack import MIN_FILES
from exlib_assets_tests.repositories import git_value as git

REPO = "prog1_2026-assignments"
ADA = ("Ada Lecturer", "ada@example.edu")
_LOOSE = re.compile(r"[0-9a-f]{2}")


@pytest.fixture
def remote(tmp_path: Path) -> str:
    host = LocalGitHost(tmp_path / "git")
    host.ensure_repository(REPO)
    return host.push_url(REPO)


def example_files(count: int, line_end: str = "\n") -> dict[str, bytes]:
    return {
        f"week{number % 7}/example{number:03d}/solution.txt": (
            f"example {number}{line_end}" + f"line of example {number}{line_end}" * 40
        ).encode()
        for number in range(count)
    }


def write_all(workspace: GitWorkspace, files: dict[str, bytes]) -> None:
    """Write the files, handing each one's bytes to git as it is written, as a deploy does."""
    with workspace.packing() as pack:
        for relpath, data in files.items():
            path = workspace.folder / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            pack.add(data)


def loose_objects_by_type(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for bucket in (folder / ".git" / "objects").iterdir():
        if _LOOSE.fullmatch(bucket.name):
            for entry in bucket.iterdir():
                kind = git("cat-file", "-t", bucket.name + entry.name, cwd=folder)
                counts[kind] = counts.get(kind, 0) + 1
    return counts


def packs(folder: Path) -> list[Path]:
    return sorted((folder / ".git" / "objects" / "pack").glob("*.pack"))


def test_many_new_files_are_committed_and_pushed_from_one_pack_without_a_loose_copy(tmp_path, remote):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    files = example_files(MIN_FILES + 20)

    write_all(workspace, files)
    commit = workspace.commit_all("deploy many", *ADA)
    workspace.push()

    assert len(packs(workspace.folder)) == 1
    assert "blob" not in loose_objects_by_type(workspace.folder)  # git add found every file in the pack
    clone = tmp_path / "clone"
    git("clone", "--quiet", remote, str(clone))
    assert git("rev-parse", "HEAD", cwd=clone) == commit
    assert {p.relative_to(clone).as_posix(): p.read_bytes() for p in clone.rglob("*.txt")} == files
    git("fsck", "--strict", cwd=Path(remote))  # the remote holds a whole, valid history
    assert git("status", "--porcelain", cwd=workspace.folder) == ""


def test_a_few_files_are_left_to_git_add(tmp_path, remote):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    files = example_files(MIN_FILES - 1)

    write_all(workspace, files)
    workspace.commit_all("deploy a few", *ADA)

    assert packs(workspace.folder) == []
    assert loose_objects_by_type(workspace.folder)["blob"] == len(files)


def test_a_file_git_stores_converted_is_committed_as_git_add_makes_it(tmp_path, remote):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    (workspace.folder / ".gitattributes").write_text("*.txt text eol=lf\n")
    workspace.commit_all("line ends", *ADA)
    files = example_files(MIN_FILES + 5, line_end="\r\n")

    write_all(workspace, files)  # the bytes on disk, with their CRLF, go to the pack
    workspace.commit_all("deploy with CRLF", *ADA)

    some = next(iter(files))
    assert git("show", f"HEAD:{some}", cwd=workspace.folder).encode() == files[some].replace(b"\r\n", b"\n").strip()
    assert git("status", "--porcelain", cwd=workspace.folder) == ""
    git("fsck", "--strict", cwd=workspace.folder)


def test_a_repository_git_cannot_store_in_is_named_and_nothing_is_committed(tmp_path, remote):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    (workspace.folder / "README.md").write_text("course\n")
    before = workspace.commit_all("start", *ADA)
    pack_folder = workspace.folder / ".git" / "objects" / "pack"
    pack_folder.rmdir()
    pack_folder.write_text("not a folder\n")  # (root ignores permissions, so a file stands in for a full disk)
    files = example_files(MIN_FILES)

    with pytest.raises(GitHostError) as raised:
        write_all(workspace, files)

    message = str(raised.value)
    assert f"could not store the {len(files)} new files in the git objects of {workspace.folder}" in message
    assert "git said:" in message and "then run the command again" in message
    assert git("rev-parse", "HEAD", cwd=workspace.folder) == before


def test_a_write_that_fails_half_way_stops_git_and_leaves_no_pack(tmp_path, remote):
    workspace = GitWorkspace.clone_or_fetch(remote, tmp_path / "work")
    files = list(example_files(MIN_FILES * 2).values())

    with pytest.raises(OSError, match="disk gone"), workspace.packing() as pack:
        for data in files[: MIN_FILES + 10]:
            pack.add(data)
        raise OSError("disk gone")

    assert packs(workspace.folder) == []  # git was stopped before it finished a pack
    assert not [thread for thread in threading.enumerate() if thread.name == "exlib-blob-pack"]
