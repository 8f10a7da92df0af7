"""The safety rules for example file sets: every refusal names the example and the offending file,
and an import that is refused writes nothing to storage or the database (on both backends)."""

import os
from pathlib import Path

import pytest

from exlib_assets.core.app import App
from exlib_assets.core.errors import ExampleTooLargeError, InvalidExampleError, UnsafePathError
from exlib_assets.core.safety import check_file_set, path_problem, read_example_folder
from exlib_assets.core.settings import SizeLimits

LIMITS = SizeLimits(max_file_bytes=64 * 1024, max_example_bytes=256 * 1024)
META = b"identifier: test.stored\nversion: '1.0'\n"


def import_refused(app: App, folder: Path) -> str:
    """Import `folder`, assert it failed and nothing was written anywhere; return the message."""
    report = app.library.import_paths([folder])
    assert not report.ok
    assert report.imported == [] and report.unchanged == []
    assert len(report.failed) == 1
    failure = report.failed[0]
    assert failure["path"] == str(folder)
    assert app.storage.list_versions() == []
    assert app.library.list_examples() == []
    return failure["error"]


# --- folders refused on import ------------------------------------------------------------


def test_symlinked_file_is_refused(app: App, make_example, tmp_path: Path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("not part of any example\n")
    folder = make_example("linked_file")
    (folder / "data.txt").symlink_to(secret)

    error = import_refused(app, folder)

    assert "example folder 'linked_file'" in error
    assert "'data.txt' is a symlink" in error
    assert "replace it with the real file" in error
    assert "nothing was written" in error


def test_symlinked_directory_is_refused(app: App, make_example, tmp_path: Path):
    outside = tmp_path / "outside_dir"
    outside.mkdir()
    (outside / "helper.py").write_text("x = 1\n")
    folder = make_example("linked_dir")
    (folder / "data").symlink_to(outside, target_is_directory=True)

    error = import_refused(app, folder)

    assert "example folder 'linked_dir'" in error
    assert "'data' is a symlink" in error
    # The link was not followed: the file behind it is never mentioned.
    assert "helper.py" not in error


def test_example_folder_that_is_itself_a_symlink_is_refused(app: App, make_example, tmp_path: Path):
    real = make_example("real_example")
    link = tmp_path / "links" / "linked_example"
    link.parent.mkdir()
    link.symlink_to(real, target_is_directory=True)

    error = import_refused(app, link)

    assert "example folder 'linked_example'" in error
    assert "the folder itself is a symlink" in error
    assert "import the real folder" in error


def test_symlinked_example_under_a_parent_folder_is_named_in_the_report(app: App, make_example, tmp_path: Path):
    real = make_example("real_example", parent=tmp_path / "elsewhere")
    parent = tmp_path / "library"
    parent.mkdir()
    (parent / "alias").symlink_to(real, target_is_directory=True)

    report = app.library.import_paths([parent])

    assert app.storage.list_versions() == []
    assert any("'alias'" in failure["error"] for failure in report.failed), report.failed


def test_git_folder_inside_is_refused(app: App, make_example):
    folder = make_example("with_git")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")

    error = import_refused(app, folder)

    assert "example folder 'with_git'" in error
    assert "'.git' is a git folder" in error
    assert "copy the example without its '.git/'" in error


def test_file_name_that_is_not_utf8_is_refused(app: App, make_example):
    folder = make_example("bad_name")
    fd = os.open(os.fsencode(folder) + b"/caf\xe9.py", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"print('hi')\n")
    os.close(fd)

    error = import_refused(app, folder)

    assert "example folder 'bad_name'" in error
    assert "'caf\ufffd.py' is not valid UTF-8" in error
    assert "rename it" in error


def test_file_over_the_per_file_limit_is_refused(app: App, make_example):
    assert app.settings.limits.max_file_bytes == 64 * 1024
    folder = make_example("big_file", files={"data/huge.bin": b"\0" * (64 * 1024 + 1)})

    error = import_refused(app, folder)

    assert "example folder 'big_file'" in error
    assert "'data/huge.bin' is 65537 bytes, over the 65536-byte limit per file" in error
    assert "EXLIB_MAX_FILE_BYTES" in error


def test_file_exactly_at_the_per_file_limit_is_accepted(app: App, make_example):
    folder = make_example("edge_file", files={"data.bin": b"\1" * (64 * 1024)})

    report = app.library.import_paths([folder])

    assert report.ok, report.failed
    assert app.storage.read_version("test.edge_file", "1.0")["data.bin"] == b"\1" * (64 * 1024)


def test_example_over_the_total_limit_is_refused_though_each_file_is_small(app: App, make_example):
    assert app.settings.limits.max_example_bytes == 256 * 1024
    chunk = b"x" * (60 * 1024)  # each under the 64 KiB per-file limit, 300 KiB together
    folder = make_example("big_example", files={f"data/part{i}.bin": chunk for i in range(5)})

    with pytest.raises(ExampleTooLargeError):
        read_example_folder(folder, app.settings.limits)
    error = import_refused(app, folder)

    assert "example folder 'big_example'" in error
    assert "over the 262144-byte limit for a whole example" in error
    assert "EXLIB_MAX_EXAMPLE_BYTES" in error


def test_folder_without_meta_yaml_is_refused(app: App, make_example):
    folder = make_example("no_meta")
    (folder / "meta.yaml").unlink()

    with pytest.raises(InvalidExampleError, match=r"example folder 'no_meta': there is no meta.yaml at the top"):
        read_example_folder(folder, app.settings.limits)
    error = import_refused(app, folder)

    assert str(folder) in error
    assert "meta.yaml" in error


def test_fifo_is_refused_without_being_opened(app: App, make_example):
    folder = make_example("with_fifo")
    # Nothing writes to the pipe: reading it would hang the import, so passing proves it was not opened.
    os.mkfifo(folder / "pipe")

    error = import_refused(app, folder)

    assert "example folder 'with_fifo'" in error
    assert "'pipe' is not a regular file" in error


def test_every_problem_is_reported_together(make_example, tmp_path: Path):
    folder = make_example("many_problems", files={"huge.bin": b"\0" * (64 * 1024 + 1)})
    (folder / ".git").mkdir()
    (folder / "link.py").symlink_to(folder / "solution.py")
    os.mkfifo(folder / "pipe")

    with pytest.raises(InvalidExampleError) as caught:
        read_example_folder(folder, LIMITS)

    message = str(caught.value)
    assert "'.git' is a git folder" in message
    assert "'link.py' is a symlink" in message
    assert "'pipe' is not a regular file" in message
    assert "'huge.bin' is 65537 bytes" in message


def test_symlink_as_the_folder_is_an_unsafe_path_error(make_example, tmp_path: Path):
    link = tmp_path / "link"
    link.symlink_to(make_example("target"), target_is_directory=True)

    with pytest.raises(UnsafePathError):
        read_example_folder(link, LIMITS)


# --- droppings are skipped, not refused --------------------------------------------------------


def test_pycache_and_compiled_files_are_skipped_not_refused(app: App, make_example):
    folder = make_example(
        "with_droppings",
        files={
            "__pycache__/solution.cpython-312.pyc": b"\x00compiled",
            "helpers/__pycache__/x.cpython-312.pyc": b"\x00compiled",
            "stray.pyc": b"\x00compiled",
            "stray.pyo": b"\x00compiled",
            ".DS_Store": b"\x00mac",
            "helpers/util.py": "def f():\n    return 1\n",
        },
    )

    files = read_example_folder(folder, app.settings.limits)
    report = app.library.import_paths([folder])

    expected = {"meta.yaml", "solution.py", "studentTemplates/solution.py", "helpers/util.py"}
    assert set(files) == expected
    assert report.ok, report.failed
    assert [entry["identifier"] for entry in report.imported] == ["test.with_droppings"]
    assert set(app.storage.read_version("test.with_droppings", "1.0")) == expected


def test_accepted_folder_is_read_completely(make_example):
    folder = make_example("plain", files={"content/index.md": "# Task\n", "data/blob.bin": bytes(range(256))})

    files = read_example_folder(folder, LIMITS)

    assert files["data/blob.bin"] == bytes(range(256))
    assert files["content/index.md"] == b"# Task\n"
    assert set(files) == {
        "meta.yaml",
        "solution.py",
        "studentTemplates/solution.py",
        "content/index.md",
        "data/blob.bin",
    }


# --- file sets that arrive from storage -----------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "explanation"),
    [
        ("../escape.py", "contains '..', which would leave the example folder"),
        ("sub/../../escape.py", "contains '..'"),
        ("/etc/passwd", "is absolute"),
        ("C:/Windows/x.py", "is absolute"),
        ("sub\\file.py", "contains a backslash; use '/' between folders"),
        (".git/config", "is inside a '.git/' folder"),
        ("sub/.git/hooks/pre-commit", "is inside a '.git/' folder"),
        ("a//b.py", "has an empty or '.' component"),
        ("./a.py", "has an empty or '.' component"),
        ("a\nb.py", "contains a control character"),
    ],
)
def test_check_file_set_refuses_unsafe_keys(relpath: str, explanation: str):
    files = {"meta.yaml": META, relpath: b"x"}

    with pytest.raises(InvalidExampleError) as caught:
        check_file_set(files, LIMITS, where="stored example test.stored@1.0")

    message = str(caught.value)
    assert message.startswith("stored example test.stored@1.0 was refused, nothing was written")
    assert repr(relpath) in message
    assert explanation in message


def test_check_file_set_reports_all_problems_and_sizes():
    files = {
        "meta.yaml": META,
        "../a.py": b"x",
        ".git/HEAD": b"x",
        "big.bin": b"\0" * (64 * 1024 + 1),
        **{f"part{i}.bin": b"\0" * (60 * 1024) for i in range(4)},
    }

    with pytest.raises(InvalidExampleError) as caught:
        check_file_set(files, LIMITS, where="stored example test.stored@1.0")

    message = str(caught.value)
    assert "'../a.py' contains '..'" in message
    assert "'.git/HEAD' is inside a '.git/' folder" in message
    assert "'big.bin' is 65537 bytes, over the 65536-byte limit per file" in message
    assert "over the 262144-byte limit for a whole example" in message


def test_check_file_set_needs_meta_yaml():
    with pytest.raises(InvalidExampleError, match=r"stored example test.stored@1.0: there is no meta.yaml"):
        check_file_set({"solution.py": b"x"}, LIMITS, where="stored example test.stored@1.0")


def test_check_file_set_accepts_a_safe_set():
    check_file_set({"meta.yaml": META, "a/b/c.py": b"x", "data.bin": b"\0" * 1024}, LIMITS, where="stored")


@pytest.mark.parametrize(
    "relpath", ["solution.py", "studentTemplates/solution.py", "a.b/c..d.py", ".gitignore", "x.git"]
)
def test_path_problem_accepts_plain_relative_paths(relpath: str):
    assert path_problem(relpath) is None


def test_path_problem_refuses_empty_path():
    assert path_problem("") == "is empty"
