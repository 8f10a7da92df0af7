"""Importing an existing assignments repository into the library: from a folder or a git URL,
through the library's own import; generated meta.yaml where there was none; nothing written on
a dry run or on bad input; a clear error naming the folder otherwise."""

import os

import pytest

from exlib_assets.core.errors import ExlibError, GitHostError, NotFoundError
from exlib_assets.core.migrate.importer import import_repository
from exlib_assets.core.migrate.inference import GENERATED_HEADER
from exlib_assets_tests.core.migrate.existing_course import FILES, IMPORTED, WITH_META, commit_all, write_files
from exlib_assets_tests.repositories import git


def stored(app) -> list[str]:
    return sorted(version.key for version in app.storage.list_versions())


def test_every_assignment_folder_becomes_a_library_version(app, existing_repository):
    report = import_repository(app, str(existing_repository), prefix="prog1")

    assert report.ok and report.source == str(existing_repository)
    assert [(e.folder, e.identifier, e.status, e.meta) for e in report.examples] == [
        (folder, identifier, "imported", "found" if folder in WITH_META else "generated")
        for folder, identifier in IMPORTED.items()
    ]
    assert stored(app) == sorted(
        f"{identifier}@{'2.0' if identifier == 'prog1.py.palindrome' else '1.0'}" for identifier in IMPORTED.values()
    )
    assert report.loose_files == ["conftest.py"]
    # A folder with a meta.yaml is stored as it is; one without gets the generated meta.yaml besides.
    kept = app.storage.read_version("prog1.py.strings_util", "1.0")
    assert kept == {p.removeprefix("week1/strings_util/"): t.encode() for p, t in FILES.items() if "strings_util/" in p}
    hello = app.storage.read_version("prog1.week1.hello_world", "1.0")
    assert hello.keys() == {"README.md", "hello.py", "test_hello.py", ".studentfiles", "meta.yaml"}
    assert hello["meta.yaml"].startswith(GENERATED_HEADER)
    assert hello["hello.py"] == FILES["week1/hello_world/hello.py"].encode()


def test_the_report_marks_every_guessed_field_and_suggests_dependencies(app, existing_repository):
    report = import_repository(app, str(existing_repository), prefix="prog1")
    by_folder = {example.folder: example for example in report.examples}

    assert by_folder["week1/strings_util"].guessed == {} and by_folder["week1/strings_util"].generated_meta is None
    caesar = by_folder["week2/caesar"]
    assert caesar.guessed == {
        "identifier": "the folder path week2/caesar after --prefix prog1",
        "version": "the first library version of a folder without meta.yaml",
        "title": "the first heading of README.md",
        "properties.studentSubmissionFiles": "source files that are not tests, headers or master/solution/reference "
        "copies",
        "properties.studentTemplates": "the files under studentTemplates/",
        "properties.additionalFiles": "the README and the other files that are neither code nor tests "
        "(headers, Makefile, data), but no test-run outputs, reference copies or copies of tests (those are left "
        "out for review)",
        "properties.testFiles": "files named test_*, *_test, test-*, conftest or runtests, and tests/, test/, "
        "localTests/ folders",
        "properties.executionBackend.slug": "file endings (1 python file)",
    }
    assert caesar.generated_meta["title"] == "Caesar cipher"
    assert [(s.folder, s.identifier, s.declared) for s in report.dependencies] == [
        ("week2/caesar", "prog1.py.strings_util", False),
        ("week2/palindrome", "prog1.py.strings_util", True),
        ("week2/stats", "prog1.week2.r_helpers", False),
        ("week3/stack", "prog1.c.linked_list", False),
        ("week4/normalize", "prog1.week4.vector_norm", False),
    ]
    # Suggestions are not applied: the generated meta.yaml lists no testDependencies.
    assert "testDependencies" not in caesar.generated_meta["properties"]


def test_a_dry_run_checks_everything_and_writes_nothing(app, existing_repository):
    report = import_repository(app, str(existing_repository), prefix="prog1", dry_run=True)

    assert {example.status for example in report.examples} == {"would import"}
    assert report.ok and len(report.dependencies) == 5
    assert stored(app) == [] and app.library.list_examples() == []


def test_importing_again_changes_nothing_and_a_changed_folder_becomes_the_next_version(app, existing_repository):
    import_repository(app, str(existing_repository), prefix="prog1")
    assert {e.status for e in import_repository(app, str(existing_repository), prefix="prog1").examples} == {
        "unchanged"
    }

    write_files(
        existing_repository, {"week4/vector_norm/vector_norm.m": "function n = vector_norm(v)\n  n = 5;\nend\n"}
    )
    write_files(existing_repository, {"week3/linked_list/list.c": "/* rewritten without a new version */\n"})
    preview = import_repository(app, str(existing_repository), prefix="prog1", dry_run=True)
    report = import_repository(app, str(existing_repository), prefix="prog1")

    for result in (preview, report):
        changed = {e.folder: (e.status, e.version) for e in result.examples if e.status != "unchanged"}
        assert changed == {
            "week3/linked_list": ("failed", "1.0"),
            "week4/vector_norm": ("would import" if result.dry_run else "imported", "1.1"),
        }
        [failed] = [e for e in result.examples if e.status == "failed"]
        assert "prog1.c.linked_list@1.0" in failed.error and "bump `version`" in failed.error
        assert not result.ok
    assert "prog1.week4.vector_norm@1.1" in stored(app)


def test_a_git_url_is_cloned_and_under_limits_the_folders(app, existing_repository, tmp_path):
    bare = tmp_path / "remote.git"
    git("clone", "-q", "--bare", str(existing_repository), str(bare))

    from_url = import_repository(app, f"file://{bare}", under="week3", prefix="prog1")
    from_bare_path = import_repository(app, str(bare), under="week3/stack/", prefix="prog1")

    assert [(e.folder, e.status) for e in from_url.examples] == [
        ("week3/linked_list", "imported"),
        ("week3/stack", "imported"),
    ]
    assert [(e.folder, e.status) for e in from_bare_path.examples] == [("week3/stack", "unchanged")]
    assert from_url.dependencies[0].needs == "week3/linked_list"


def test_one_bad_folder_fails_with_its_name_and_the_others_are_imported(app, existing_repository):
    write_files(existing_repository, {"week2/broken/meta.yaml": "version: [1.0\n", "week2/broken/x.py": ""})
    os.symlink("/etc/hostname", existing_repository / "week4/normalize/host.txt")
    commit_all(existing_repository, "A broken meta.yaml and a symlink")

    report = import_repository(app, str(existing_repository), prefix="prog1")

    failed = {e.folder: e.error for e in report.examples if e.status == "failed"}
    assert set(failed) == {"week2/broken", "week4/normalize"}
    assert "Example 'broken': meta.yaml is not valid YAML" in failed["week2/broken"]
    assert "'host.txt' is a symlink" in failed["week4/normalize"]
    assert not report.ok and len([e for e in report.examples if e.status == "imported"]) == len(IMPORTED) - 1
    assert not any(key.startswith("prog1.week4.normalize@") for key in stored(app))


@pytest.mark.parametrize(
    ("location", "options", "error", "message"),
    [
        ("missing-folder", {}, NotFoundError, "is neither a folder on this machine nor a git URL"),
        ("REPO", {"under": "../elsewhere"}, ExlibError, "must be a folder inside the repository"),
        ("REPO", {"under": "week9"}, NotFoundError, "has no folder week9"),
        ("REPO", {"prefix": "prog 1"}, ExlibError, "--prefix 'prog 1' is not a valid identifier prefix"),
        ("REPO", {"under": "week1/hello_world/.studentfiles"}, NotFoundError, "has no folder"),
        ("file:///nowhere/at/all.git", {}, GitHostError, "could not clone file:///nowhere/at/all.git"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(app, existing_repository, location, options, error, message):
    target = str(existing_repository) if location == "REPO" else location
    with pytest.raises(error, match=message.replace("(", r"\(").replace(".", r"\.")):
        import_repository(app, target, **options)
    assert stored(app) == [] and app.library.list_examples() == []


def test_a_repository_without_assignments_says_what_counts(app, tmp_path):
    empty = tmp_path / "notes"
    write_files(empty, {"README.md": "# Notes\n", "slides/intro.md": "# Intro\n"})

    with pytest.raises(ExlibError, match=r"no assignment folders in .*a folder counts when it holds a meta\.yaml"):
        import_repository(app, str(empty))


def test_the_report_shows_what_students_get_from_a_folder_with_its_own_meta_yaml(app, tmp_path):
    meta = (
        "identifier: prog1.sorting\nversion: '1.0'\nproperties:\n  studentSubmissionFiles: [sort.py]\n"
        "  additionalFiles: [sort.py, data.txt, gone.txt]\n  testFiles: [test_sort.py]\n"
    )
    write_files(
        tmp_path / "course",
        {
            "sorting/meta.yaml": meta,
            "sorting/sort.py": "x = 1\n",
            "sorting/data.txt": "3 1 2\n",
            "sorting/test_sort.py": "",
        },
    )

    [example] = import_repository(app, str(tmp_path / "course"), dry_run=True).examples

    assert (example.meta, example.student_files, example.empty_starters) == (
        "found",
        ["data.txt", "meta.yaml", "sort.py"],
        ["sort.py"],
    )
    assert example.left_out == {}  # only a generated meta.yaml is the import's guess
    # The missing file once (from the import), the contradiction resolved safely (from the student view).
    assert example.notes == [
        "meta.yaml names properties.additionalFiles: gone.txt, which is not in the example",
        "sorting: sort.py is named by additionalFiles but is also the solution of a studentSubmissionFiles entry; "
        "it was left out of the student template (fix meta.yaml if students should get it)",
    ]
