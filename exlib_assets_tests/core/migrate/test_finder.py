"""Which folders of an existing repository count as assignments."""

import os

from exlib_assets.core.migrate.finder import find_assignment_folders
from exlib_assets_tests.core.migrate.existing_course import FILES, IMPORTED, WITH_META, write_files


def test_the_existing_course(tmp_path):
    write_files(tmp_path, FILES)

    found = find_assignment_folders(tmp_path, tmp_path)

    assert [(f.relative, f.has_meta) for f in found.folders] == [(f, f in WITH_META) for f in IMPORTED]
    assert found.loose_files == ["conftest.py"]


def test_code_in_subfolders_nested_examples_hidden_and_symlinked_folders(tmp_path):
    write_files(
        tmp_path,
        {
            "top.py": "",
            "c/src/list.c": "",  # code only in src/: the folder above is the assignment
            "r/tests/test-x.R": "",
            "unit/helper.py": "",  # code here, but an example below: the examples are the assignments
            "unit/part1/meta.yaml": "version: 1.0\n",
            "unit/part2/solution.m": "",
            "notes/slides.md": "",  # no code, no meta.yaml, no .studentfiles: not an assignment
            ".github/workflows/check.py": "",
            "paper/.studentfiles": "task.md\n",
        },
    )
    (tmp_path / "shared").mkdir()
    os.symlink(tmp_path / "c", tmp_path / "linked")

    found = find_assignment_folders(tmp_path, tmp_path)

    assert [(f.relative, f.has_meta) for f in found.folders] == [
        ("c", False),
        ("linked", False),
        ("paper", False),
        ("r", False),
        ("unit/part1", True),
        ("unit/part2", False),
    ]
    assert found.loose_files == ["top.py", "unit/helper.py"]


def test_a_start_folder_below_the_top_counts_by_its_files(tmp_path):
    write_files(tmp_path, FILES)

    found = find_assignment_folders(tmp_path, tmp_path / "week2" / "caesar")

    assert [f.relative for f in found.folders] == ["week2/caesar"]
