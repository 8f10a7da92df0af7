"""A mirror against real bare repositories changed through clones: fetches, diffs, trees, blobs, secrets."""

from collections.abc import Callable
from pathlib import Path

import pytest

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.mirror import RepositoryMirror
from exlib_assets_tests.core.githost.checks import assert_no_secret
from exlib_assets_tests.repositories import git, push_change

BINARY = bytes(range(256)) + b"\n\0\r\nlast line\n\n"


@pytest.fixture
def remote(tmp_path: Path) -> str:
    path = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(path))
    return str(path)


@pytest.fixture
def mirror(tmp_path: Path, remote: str) -> RepositoryMirror:
    return RepositoryMirror(remote, tmp_path / "mirror")


def writing(files: dict[str, str | bytes]) -> Callable[[Path], None]:
    """A change for push_change() that writes `files` (path: content) into the clone."""

    def change(clone: Path) -> None:
        for name, content in files.items():
            path = clone / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)

    return change


def commit(remote: str, tmp_path: Path, change: Callable[[Path], None]) -> str:
    """Push `change` to main of `remote`; the new commit."""
    push_change(remote, tmp_path, change)
    return sha_of(remote, "main")


def sha_of(repository: str | Path, revision: str) -> str:
    return git("rev-parse", revision, cwd=Path(repository)).strip()


def all_objects(repository: Path) -> set[str]:
    listing = git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)", cwd=repository)
    return set(listing.split())


def object_files(repository: Path) -> dict[Path, tuple[int, int]]:
    """{file: (inode, mtime)} of everything git stores objects in (loose objects and packs)."""
    stored = (path for path in (repository / "objects").rglob("*") if path.is_file())
    return {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in stored if "info" not in path.parts}


# --- fetch -------------------------------------------------------------------------------------


def test_fetch_makes_a_bare_mirror_whose_head_matches_the_remote(tmp_path: Path, remote: str, mirror):
    pushed = commit(remote, tmp_path, writing({"a.txt": "a\n"}))

    mirror.fetch()

    assert mirror.head() == pushed
    assert mirror.head("no-such-branch") is None
    assert git("rev-parse", "--is-bare-repository", cwd=mirror.folder).strip() == "true"
    assert remote not in (mirror.folder / "config").read_text()


def test_a_second_fetch_brings_the_new_commit_and_its_changed_paths(tmp_path: Path, remote: str, mirror):
    old = commit(
        remote,
        tmp_path,
        writing(
            {
                "keep.txt": "keep\n",
                "edit.txt": "before\n",
                "gone.txt": "gone\n",
                "old name.txt": "renamed unchanged\n",
                "wëek 1/hello wörld.py": "print('hi')\n",
            }
        ),
    )
    mirror.fetch()

    def change(clone: Path) -> None:
        writing({"edit.txt": "after\n", "wëek 1/new file.txt": "new\n"})(clone)
        git("rm", "-q", "gone.txt", cwd=clone)
        git("mv", "old name.txt", "new näme.txt", cwd=clone)

    new = commit(remote, tmp_path, change)
    mirror.fetch()

    assert mirror.head() == new
    assert git("rev-list", f"{old}..{new}", cwd=mirror.folder).split() == [new]
    assert mirror.changed_files(old, new) == sorted(
        ["edit.txt", "gone.txt", "new näme.txt", "old name.txt", "wëek 1/new file.txt"]
    )
    assert mirror.changed_files(None, old) == sorted(
        ["edit.txt", "gone.txt", "keep.txt", "old name.txt", "wëek 1/hello wörld.py"]
    )
    assert mirror.changed_files(new, new) == []


def test_a_second_fetch_is_incremental_not_a_new_clone(tmp_path: Path, remote: str, mirror):
    files = {f"week{week}/example{n}/solution.py": f"# {week}.{n}\n" for week in range(1, 4) for n in range(8)}
    old = commit(remote, tmp_path, writing(files))
    mirror.fetch()
    first_objects = all_objects(mirror.folder)
    first_files = object_files(mirror.folder)

    new = commit(remote, tmp_path, writing({"week4/new/solution.py": "# new\n"}))
    mirror.fetch()

    travelled = {
        line.split()[0] for line in git("rev-list", "--objects", f"{old}..{new}", cwd=Path(remote)).split("\n") if line
    }
    assert all_objects(mirror.folder) - first_objects == travelled
    assert len(travelled) == 5  # the commit, its root tree, week4/, week4/new/ and the one new file
    # Object files from the first fetch are neither replaced (a new clone) nor touched (git marks
    # objects it receives again by touching them).
    assert {path: object_files(mirror.folder).get(path) for path in first_files} == first_files


def test_fetch_drops_a_branch_deleted_on_the_remote(tmp_path: Path, remote: str, mirror):
    clone = push_change(remote, tmp_path, writing({"a.txt": "a\n"}))
    git("push", "-q", "origin", "HEAD:refs/heads/feature", cwd=clone)
    mirror.fetch()
    assert set(mirror.branches()) == {"main", "feature"}

    git("push", "-q", "origin", "--delete", "feature", cwd=clone)
    mirror.fetch()

    assert set(mirror.branches()) == {"main"}
    assert mirror.head("feature") is None


def test_an_empty_remote_gives_an_empty_mirror_until_the_first_push(tmp_path: Path, remote: str, mirror):
    mirror.fetch()

    assert mirror.head() is None
    assert mirror.branches() == {}

    pushed = commit(remote, tmp_path, writing({"a.txt": "a\n"}))
    mirror.fetch()
    assert mirror.head() == pushed


def test_an_existing_empty_folder_becomes_the_mirror(tmp_path: Path, remote: str):
    pushed = commit(remote, tmp_path, writing({"a.txt": "a\n"}))
    (tmp_path / "empty").mkdir()
    mirror = RepositoryMirror(remote, tmp_path / "empty")

    mirror.fetch()

    assert mirror.head() == pushed


@pytest.mark.parametrize("content", ["a file", "a working copy"])
def test_a_folder_holding_something_else_is_refused(tmp_path: Path, remote: str, content: str):
    folder = tmp_path / "taken"
    folder.mkdir()
    if content == "a file":
        (folder / "notes.txt").write_text("mine\n")
    else:
        git("init", "--quiet", str(folder))

    with pytest.raises(GitHostError, match="is not a bare git repository; exlib will not overwrite it"):
        RepositoryMirror(remote, folder).fetch()
    assert (folder / "notes.txt").exists() or (folder / ".git").is_dir()
    assert not (folder / "objects").exists()


def test_a_failed_fetch_never_shows_or_stores_the_password(tmp_path: Path):
    mirror = RepositoryMirror("https://user:SECRET@127.0.0.1:1/x.git", tmp_path / "mirror")

    with pytest.raises(GitHostError) as caught:
        mirror.fetch()

    assert_no_secret(caught.value, "SECRET")
    assert "could not fetch https://127.0.0.1:1/x.git" in str(caught.value)
    assert "SECRET" not in (mirror.folder / "config").read_text()
    assert "SECRET" not in repr(mirror)


# --- questions about what was fetched ----------------------------------------------------------


def test_branches_by_name_prefix(tmp_path: Path, remote: str, mirror):
    clone = push_change(remote, tmp_path, writing({"a.txt": "a\n"}))
    for branch in ("exlib/update/week1.hello/1.1", "exlib/update/week2.caesar/2.0", "feature"):
        git("push", "-q", "origin", f"HEAD:refs/heads/{branch}", cwd=clone)
    mirror.fetch()
    sha = sha_of(remote, "main")

    updates = {"exlib/update/week1.hello/1.1": sha, "exlib/update/week2.caesar/2.0": sha}
    assert mirror.branches("exlib/update/") == updates
    assert mirror.branches("exlib/upd") == updates  # any prefix, not only whole path components
    assert mirror.branches("exlib/update/week1.") == {"exlib/update/week1.hello/1.1": sha}
    assert set(mirror.branches()) == {"main", "feature", *updates}


def test_files_under_a_folder_with_nested_folders(tmp_path: Path, remote: str, mirror):
    sha = commit(
        remote,
        tmp_path,
        writing(
            {
                "readme.md": "r\n",
                "week1/other.txt": "o\n",
                "week1/hello/hello.py": "h\n",
                "week1/hello/tests/test hello.py": "t\n",
                "week10/x.py": "x\n",
            }
        ),
    )
    mirror.fetch()

    def blob(path: str) -> str:
        return sha_of(remote, f"{sha}:{path}")

    assert mirror.files_under(sha, "week1/hello") == {
        "hello.py": blob("week1/hello/hello.py"),
        "tests/test hello.py": blob("week1/hello/tests/test hello.py"),
    }
    assert set(mirror.files_under(sha, "week1/")) == {"other.txt", "hello/hello.py", "hello/tests/test hello.py"}
    assert set(mirror.files_under(sha, "")) == {
        "readme.md",
        "week1/other.txt",
        "week1/hello/hello.py",
        "week1/hello/tests/test hello.py",
        "week10/x.py",
    }
    assert mirror.files_under(sha, "week1/hel") == {}
    assert mirror.files_under(sha, "readme.md") == {}
    assert mirror.files_under(sha, "missing") == {}


def test_read_blobs_byte_for_byte(tmp_path: Path, remote: str, mirror):
    sha = commit(
        remote,
        tmp_path,
        writing({"bin/data.bin": BINARY, "crlf.txt": b"one\r\ntwo\r\n", "empty": b"", "ünï côde.txt": "ü\n"}),
    )
    mirror.fetch()
    files = mirror.files_under(sha, "")

    blobs = mirror.read_blobs([files["bin/data.bin"], files["crlf.txt"], files["empty"], files["bin/data.bin"]])

    assert blobs == {files["bin/data.bin"]: BINARY, files["crlf.txt"]: b"one\r\ntwo\r\n", files["empty"]: b""}
    assert mirror.read_blobs([]) == {}
    with pytest.raises(GitHostError, match="has no object"):
        mirror.read_blobs(["0" * 40])


def test_last_commit_touching_a_folder(tmp_path: Path, remote: str, mirror):
    first = commit(remote, tmp_path, writing({"week1/a.py": "1\n", "week2/b.py": "1\n"}))
    second = commit(remote, tmp_path, writing({"week2/b.py": "2\n"}))
    third = commit(remote, tmp_path, writing({"readme.md": "3\n"}))
    mirror.fetch()

    assert mirror.last_commit_touching(None, third, "week1") == first
    assert mirror.last_commit_touching(None, third, "week2/") == second
    assert mirror.last_commit_touching(first, third, "week1") is None
    assert mirror.last_commit_touching(first, third, "week2") == second
    assert mirror.last_commit_touching(None, third, "") == third
    assert mirror.last_commit_touching(None, third, "week3") is None


def test_is_ancestor(tmp_path: Path, remote: str, mirror):
    first = commit(remote, tmp_path, writing({"a.txt": "1\n"}))
    second = commit(remote, tmp_path, writing({"a.txt": "2\n"}))
    mirror.fetch()

    assert mirror.is_ancestor(first, second)
    assert mirror.is_ancestor(second, second)
    assert not mirror.is_ancestor(second, first)
    assert not mirror.is_ancestor("0" * 40, second)  # e.g. dropped by a force-push
    with pytest.raises(GitHostError):
        mirror.is_ancestor(first, "0" * 40)
