"""Files whose bytes are read only when needed: a read never returns bytes other than the ones
their kept digest names, and merging or judging by digest reads nothing."""

from collections.abc import Callable
from pathlib import Path

import pytest

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.templates.lazy_files import LazyFiles, git_blob_id
from exlib_assets.core.templates.leak_guard import FileScans, find_leaks
from exlib_assets.core.templates.source_trees import read_regular_file


def on_disk(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def reader(reads: list[str], name: str, data: bytes) -> Callable[[], bytes]:
    """Reads `data`, noting `name` in `reads` each time."""

    def read() -> bytes:
        reads.append(name)
        return data

    return read


def test_a_file_changed_since_its_digest_was_kept_stops_the_build(tmp_path):
    path = on_disk(tmp_path, "solution.py", b"print('changed')\n")
    files = LazyFiles()
    files.read_later("week1/solution.py", file_sha256(b"print('kept')\n"), lambda: read_regular_file(path))

    with pytest.raises(ExlibError, match="week1/solution.py changed .* build the template again"):
        files["week1/solution.py"]


def test_a_kept_file_that_became_a_symlink_or_vanished_stops_the_build(tmp_path):
    target = on_disk(tmp_path, "elsewhere.txt", b"secret of the machine\n")
    (tmp_path / "link.py").symlink_to(target)
    files = LazyFiles()
    files.read_later("a/link.py", file_sha256(target.read_bytes()), lambda: read_regular_file(tmp_path / "link.py"))
    files.read_later("a/gone.py", file_sha256(b""), lambda: read_regular_file(tmp_path / "gone.py"))

    for label in ("a/link.py", "a/gone.py"):
        with pytest.raises(ExlibError, match="could not be read .* build the template again"):
            files[label]


def test_merging_and_judging_by_known_digests_reads_nothing(tmp_path):
    reads: list[str] = []
    secret = b"def solve():\n    return 42\n"

    kept = LazyFiles()
    kept.read_later("solution.py", file_sha256(secret), reader(reads, "solution.py", secret))
    secrets = LazyFiles()
    secrets.merge("week2/caesar", kept)
    starter = b"def solve():\n    ...\n"
    template = LazyFiles()
    blob = git_blob_id(starter)
    template.read_later("week2/caesar/solve.py", file_sha256(starter), reader(reads, "solve.py", starter), blob)
    scans = FileScans()
    # What an earlier build learned of these files by their bytes, as a kept view brings it.
    find_leaks({"x": starter}, {"y": secret}, scans)

    assert find_leaks(template, secrets, scans) == []
    assert reads == [] and template.blob_id_of("week2/caesar/solve.py") == blob
    # A new file equal to the kept secret is still caught, the secret unread.
    template.hold("week2/other/copy.py", secret)
    [leak] = find_leaks(template, secrets, scans)
    assert leak.path == "week2/other/copy.py" and "week2/caesar/solution.py" in leak.reason
    assert reads == []


def test_merging_keeps_what_each_file_is_known_by_and_a_label_merged_again_is_replaced():
    reads: list[str] = []
    unread, held, read_once, replacement = b"unread\n", b"held\n", b"read once\n", b"replaced\n"

    content = LazyFiles()
    content.read_later("a.py", file_sha256(unread), reader(reads, "a.py", unread), git_blob_id(unread))
    content.hold("b.txt", held)
    content.read_later("c.py", file_sha256(read_once), reader(reads, "c.py", read_once), git_blob_id(read_once))
    assert content["c.py"] == read_once and reads == ["c.py"]
    tree = LazyFiles()
    tree.hold("README.md", b"# course\n")

    tree.merge("week1/hello", content)

    assert list(tree) == ["README.md", "week1/hello/a.py", "week1/hello/b.txt", "week1/hello/c.py"]
    # Only the file still unread comes with its digests; the others are held, as they were.
    assert tree.digests == {"week1/hello/a.py": file_sha256(unread)}
    assert tree.blob_ids == {"week1/hello/a.py": git_blob_id(unread)}
    assert tree["week1/hello/b.txt"] == held and tree["week1/hello/c.py"] == read_once
    assert reads == ["c.py"]

    tree.merge("week1", {"hello/a.py": replacement, "extra.txt": b"more\n"})

    assert list(tree) == [
        "README.md",
        "week1/hello/a.py",
        "week1/hello/b.txt",
        "week1/hello/c.py",
        "week1/extra.txt",
    ]
    assert tree["week1/hello/a.py"] == replacement and tree.digests == {} and tree.blob_ids == {}
    assert tree.blob_id_of("week1/hello/a.py") == git_blob_id(replacement)
    assert reads == ["c.py"]  # the replaced file was never read
