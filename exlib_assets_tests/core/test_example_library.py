"""Importing, indexing, listing and showing examples, on the embedded default and on production."""

import pytest

from exlib_assets.core.errors import NotFoundError
from exlib_assets.core.storage.keys import version_prefix


def test_import_tree_in_dependency_order(app, make_example, tmp_path):
    # Folder names sort the dependent first; import must still index the dependency first.
    tree = tmp_path / "tree"
    make_example("a_dependent", parent=tree, dependencies=["test.z_base"])
    make_example("m_middle", parent=tree / "nested", dependencies=[{"identifier": "test.z_base", "version": "^1.0"}])
    make_example("z_base", parent=tree)

    report = app.library.import_paths([tree])

    assert report.failed == []
    assert [e["identifier"] for e in report.imported][0] == "test.z_base"
    assert {e["identifier"] for e in report.imported} == {"test.a_dependent", "test.m_middle", "test.z_base"}
    shown = app.library.show("test.m_middle")
    assert shown["dependencies"] == [{"identifier": "test.z_base", "constraint": "^1.0", "resolves_to": "1.0"}]


def test_reimport_same_content_is_unchanged_and_writes_nothing(app, make_example):
    folder = make_example("caesar")
    app.library.import_paths([folder])

    report = app.library.import_paths([folder])

    assert report.imported == [] and report.failed == []
    assert [e["identifier"] for e in report.unchanged] == ["test.caesar"]
    assert len(app.storage.list_versions()) == 1


def test_same_tag_with_other_content_is_refused_and_says_bump(app, make_example):
    folder = make_example("caesar", version="1.2")
    app.library.import_paths([folder])
    stored_before = app.storage.read_version("test.caesar", "1.2")
    (folder / "solution.py").write_text("# changed\n")

    report = app.library.import_paths([folder])

    [failure] = report.failed
    assert "bump" in failure["error"] and "1.3" in failure["error"]
    assert app.storage.read_version("test.caesar", "1.2") == stored_before
    assert app.library.show("test.caesar")["versions"] == ["1.2"]


def test_v_prefixed_tag_is_the_same_version(app, make_example, tmp_path):
    app.library.import_paths([make_example("caesar", version="1.2")])
    # Only the tag's spelling differs, so meta.yaml differs: the same version with other content.
    other = make_example("caesar", version="v1.2", parent=tmp_path / "again")

    report = app.library.import_paths([other])

    assert not report.imported and "version 1.2 of test.caesar is already" in report.failed[0]["error"]
    assert app.library.show("test.caesar@v1.2")["version"] == "1.2"
    assert app.library.show("test.caesar@1.2.0")["version"] == "1.2"


def test_versions_are_ordered_semantically_not_by_upload(app, make_example, tmp_path):
    for index, tag in enumerate(["1.10", "1.9", "2.0.0-beta.1", "1.2"]):
        app.library.import_paths([make_example("fib", version=tag, parent=tmp_path / str(index))])

    shown = app.library.show("test.fib")

    assert shown["versions"] == ["1.2", "1.9", "1.10", "2.0.0-beta.1"]
    assert shown["latest"] == "2.0.0-beta.1"
    assert shown["version"] == "1.10"  # `latest` skips pre-releases
    assert app.library.show("test.fib@~1.9")["version"] == "1.9"
    assert app.library.show("test.fib@>=1.0,<1.10")["version"] == "1.9"


def test_one_bad_example_does_not_stop_the_others(app, make_example, tmp_path):
    tree = tmp_path / "tree"
    make_example("good", parent=tree)
    bad = make_example("bad", parent=tree)
    (bad / "meta.yaml").write_text("identifier: test.bad\nversion: [not, a, version]\n")

    report = app.library.import_paths([tree])

    assert [e["identifier"] for e in report.imported] == ["test.good"]
    [failure] = report.failed
    assert failure["path"].endswith("bad") and "version" in failure["error"]
    assert [v.identifier for v in app.storage.list_versions()] == ["test.good"]


def test_dependency_cycle_is_refused_and_nothing_is_written(app, make_example, tmp_path):
    tree = tmp_path / "tree"
    make_example("one", parent=tree, dependencies=["test.two"])
    make_example("two", parent=tree, dependencies=["test.three"])
    make_example("three", parent=tree, dependencies=["test.one"])

    report = app.library.import_paths([tree])

    assert report.imported == []
    assert len(report.failed) == 3
    assert all("dependency cycle" in f["error"] for f in report.failed)
    assert "test.one -> test.two -> test.three -> test.one" in report.failed[0]["error"]
    assert app.storage.list_versions() == []
    assert app.library.list_examples() == []


def test_cycle_through_the_existing_library_is_refused(app, make_example, tmp_path):
    app.library.import_paths([make_example("base")])
    app.library.import_paths([make_example("top", dependencies=["test.base"])])
    looping = make_example("base", version="1.1", dependencies=["test.top"], parent=tmp_path / "next")

    report = app.library.import_paths([looping])

    assert "test.base -> test.top -> test.base" in report.failed[0]["error"]
    assert app.library.show("test.base")["versions"] == ["1.0"]


def test_unknown_dependency_is_refused_with_what_to_do(app, make_example):
    report = app.library.import_paths([make_example("lonely", dependencies=["test.nowhere"])])

    [failure] = report.failed
    assert "test.nowhere" in failure["error"] and "import it first" in failure["error"]
    assert app.storage.list_versions() == []


def test_unsatisfiable_dependency_version_is_refused(app, make_example):
    app.library.import_paths([make_example("base", version="1.0")])
    report = app.library.import_paths([make_example("top", dependencies=[{"slug": "test.base", "version": "^2.0"}])])

    assert "test.base@^2.0 matches none" in report.failed[0]["error"]


def test_folder_name_identifier_and_missing_files_are_reported(app, make_example):
    folder = make_example("nameless", meta={"identifier": None})
    meta = (folder / "meta.yaml").read_text().replace("identifier: null\n", "")
    meta = meta.replace(
        "studentSubmissionFiles:\n  - solution.py", "studentSubmissionFiles:\n  - solution.py\n  - gone.py"
    )
    (folder / "meta.yaml").write_text(meta)

    [entry] = app.library.import_paths([folder]).imported

    assert entry["identifier"] == "nameless"
    assert any("took the folder name 'nameless'" in note for note in entry["notes"])
    assert any("gone.py" in note for note in entry["notes"])


def test_unknown_example_and_version_give_clear_errors(app, make_example):
    app.library.import_paths([make_example("caesar")])

    with pytest.raises(NotFoundError, match="'test.nope' is not in library.*exlib library list"):
        app.library.show("test.nope")
    with pytest.raises(NotFoundError, match="available versions: 1.0"):
        app.library.show("test.caesar@9.9")


def test_missing_path_is_reported_not_raised(app, tmp_path):
    report = app.library.import_paths([tmp_path / "nowhere"])

    assert "does not exist" in report.failed[0]["error"]


def test_index_a_version_copied_into_storage(app, make_example):
    from exlib_assets.core.loaded_example import load_example_folder

    example = load_example_folder(make_example("copied", version="3.1"), app.settings.limits)
    app.storage.write_version(example.identifier, example.version, example.files)

    report = app.library.index_stored("test.copied", "3.1")

    assert report.indexed and report.created
    shown = app.library.show("test.copied@3.1")
    assert shown["digest"] == example.digest
    assert shown["storage_prefix"] == version_prefix("testlib", "test.copied", "3.1")
    assert app.library.index_stored("test.copied", "3.1").created is False


def test_stored_version_under_the_wrong_name_is_not_indexed(app, make_example):
    from exlib_assets.core.loaded_example import load_example_folder

    example = load_example_folder(make_example("real", version="1.0"), app.settings.limits)
    app.storage.write_version("test.other", "1.0", example.files)

    report = app.library.index_stored("test.other", "1.0")

    assert not report.indexed
    assert "meta.yaml says test.real@1.0" in report.meta_problem
    assert app.library.list_examples() == []


def test_sample_library_imports_cleanly(app):
    from exlib_assets.core.sample import SAMPLE_EXAMPLES

    report = app.library.import_paths([SAMPLE_EXAMPLES])

    assert report.failed == []
    examples = app.library.list_examples()
    assert len(examples) >= 8
    backends = {e["backend"] for e in examples}
    assert len(backends) >= 3
    assert any(app.library.show(e["identifier"])["dependencies"] for e in examples)
