"""Which files are secrets, judged as the builder does: one example's student view against the
secrets of its folder."""

from pathlib import Path

import pytest

from exlib_assets.core.meta import parse_meta
from exlib_assets.core.templates.leak_guard import find_leaks
from exlib_assets.core.templates.secrets import example_secrets, unreadable_content_secrets
from exlib_assets.core.templates.student_view import student_files
from exlib_assets_tests.stranger_library import data_copy_example

DATA = b'{"values": [3, 1, 2]}\n'


def read(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def leaks_of(files: dict[str, bytes]) -> list[str]:
    view = student_files(files, folder="w/parse", identifier="stranger.parse")
    secrets = example_secrets(files, parse_meta(files["meta.yaml"], folder="w/parse", identifier="stranger.parse"))
    return [f"{leak.path}: {leak.reason}" for leak in find_leaks(view.files, secrets)]


def test_data_kept_beside_the_tests_is_no_secret_when_the_example_ships_it(tmp_path):
    files = read(data_copy_example(tmp_path))
    meta = parse_meta(files["meta.yaml"], folder="w/parse")

    secrets = example_secrets(files, meta)

    assert "localTests/case1/data.json" not in secrets
    assert {"parse.py", "test_parse.py", "localTests/case1/test_case1.py"} <= set(secrets)
    assert leaks_of(files) == []


def test_a_data_copy_with_windows_line_endings_is_still_a_copy(tmp_path):
    files = read(data_copy_example(tmp_path, extra={"localTests/case1/data.json": DATA.replace(b"\n", b"\r\n")}))
    assert leaks_of(files) == []


@pytest.mark.parametrize(
    ("extra", "properties", "leaked"),
    [
        # The reference solution copied under another name into the data's folder.
        ({"data/helper.py": "solution"}, {"additionalFiles": ["data.json", "data"]}, "data/helper.py"),
        # A local test copied under another name next to the data students get.
        ({"data/check.py": "local test"}, {"additionalFiles": ["data.json", "data"]}, "data/check.py"),
        # A test file copied to a student-facing name.
        ({"data/tests.py": "test file"}, {"additionalFiles": ["data.json", "data"]}, "data/tests.py"),
        # The template equal to its solution.
        ({"studentTemplates/parse.py": "solution"}, {}, "parse.py"),
        # The local test listed in additionalFiles itself: not shipped, its copy still a leak.
        (
            {"data/case1.py": "local test"},
            {"additionalFiles": ["data.json", "localTests/case1/test_case1.py", "data"]},
            "data/case1.py",
        ),
    ],
    ids=["solution-renamed", "local-test-renamed", "test-file-renamed", "template-is-solution", "test-listed-itself"],
)
def test_real_leaks_are_still_refused(tmp_path, extra, properties, leaked):
    files = read(data_copy_example(tmp_path, **properties))
    sources = {
        "solution": files["parse.py"],
        "local test": files["localTests/case1/test_case1.py"],
        "test file": files["test_parse.py"],
    }
    files |= {path: sources[what] for path, what in extra.items()}

    leaks = leaks_of(files)

    assert [leak.split(":")[0] for leak in leaks] == [leaked]


def test_a_folder_whose_meta_yaml_cannot_be_read_keeps_all_but_its_task_text_secret():
    files = {
        "meta.yaml": b"version: [",
        "a.py": b"x",
        "data/d.csv": b"1",
        "content/index.md": b"# A",
        "studentTemplates/a.py": b"",
    }
    assert set(unreadable_content_secrets(files)) == {"a.py", "data/d.csv"}
