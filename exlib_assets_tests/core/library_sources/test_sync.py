"""Syncing a library source from git: only changed folders are read, versions record their commit."""

from dataclasses import replace
from pathlib import Path

import pytest

from exlib_assets.core.app import App, open_app
from exlib_assets.core.errors import ExlibError, GitHostError
from exlib_assets.core.library_sources import add_source, list_sources, remove_source, sync_source
from exlib_assets.core.library_sources.remote import mirror_folder
from exlib_assets.core.settings import SizeLimits
from exlib_assets_tests.services.git_daemon import GitDaemon
from exlib_assets_tests.source_repository import SourceRepository


@pytest.fixture
def source(tmp_path: Path) -> SourceRepository:
    repository = SourceRepository(tmp_path / "sources")
    repository.examples("caesar", version="1.0", parent=repository.work / "python" / "week1")
    repository.examples("vigenere", version="1.0", parent=repository.work / "python" / "week2")
    repository.push("two examples")
    return repository


def test_first_sync_imports_every_example_and_records_the_commit(app: App, source: SourceRepository) -> None:
    add_source(app, "algos", str(source.bare))

    report = sync_source(app, "algos")

    assert report.commit == source.head()
    assert sorted(entry["identifier"] for entry in report.imported) == ["test.caesar", "test.vigenere"]
    assert sorted(entry["path"] for entry in report.imported) == ["python/week1/caesar", "python/week2/vigenere"]
    assert report.failed == []
    shown = app.library.show("test.caesar@1.0")
    assert (shown["source"], shown["source_commit"]) == ("algos", source.head())
    assert list_sources(app)[0]["synced_commit"] == source.head()


def test_new_version_is_imported_and_unchanged_folders_are_not_read(app: App, source: SourceRepository) -> None:
    source.write("python/week2/vigenere/table.txt", "x" * 20_000)
    source.push("a large table")
    add_source(app, "algos", str(source.bare))
    sync_source(app, "algos")
    source.examples(
        "caesar", version="1.1", parent=source.work / "python" / "week1", files={"solution.py": "# better\n"}
    )
    head = source.push("caesar 1.1")
    # Limits too small for vigenere's table: reading that folder again would fail the sync.
    with open_app(replace(app.settings, limits=SizeLimits(max_file_bytes=10_000))) as strict:
        report = sync_source(strict, "algos")

    assert report.failed == []
    assert [(e["identifier"], e["version"]) for e in report.imported] == [("test.caesar", "1.1")]
    # Exactly what the last sync recorded: a folder read again would carry its digest and file count.
    assert report.unchanged == [{"path": "python/week2/vigenere", "identifier": "test.vigenere", "version": "1.0"}]
    assert app.library.show("test.caesar@1.1")["source_commit"] == head
    assert app.library.show("test.caesar@1.0")["source_commit"] != head


def test_same_version_other_content_is_refused_naming_example_commit_and_files(
    app: App, source: SourceRepository
) -> None:
    add_source(app, "algos", str(source.bare))
    sync_source(app, "algos")
    source.write("python/week1/caesar/solution.py", "# silently changed\n")
    source.write("python/week1/caesar/extra.txt", "new file\n")
    head = source.push("change without bump")
    stored_before = app.storage.read_version("test.caesar", "1.0")

    report = sync_source(app, "algos")

    assert report.imported == []
    [failure] = report.failed
    assert failure["path"] == "python/week1/caesar"
    assert "test.caesar@1.0" in failure["error"]
    assert head[:12] in failure["error"]
    assert "files that differ: extra.txt, solution.py" in failure["error"]
    assert "bump `version`" in failure["error"]
    assert app.storage.read_version("test.caesar", "1.0") == stored_before
    assert app.library.show("test.caesar@1.0")["digest"] == app.library.show("test.caesar")["digest"]
    # Still refused on the next sync, though git has not moved: the folder is read again.
    assert [entry["path"] for entry in sync_source(app, "algos").failed] == ["python/week1/caesar"]


def test_a_folder_that_failed_is_read_again_once_fixed(app: App, source: SourceRepository) -> None:
    add_source(app, "algos", str(source.bare))
    source.write("python/week3/broken/meta.yaml", "identifier: [not, valid\n")
    source.push("broken example")
    first = sync_source(app, "algos")
    assert [entry["path"] for entry in first.failed] == ["python/week3/broken"]

    source.remove("python/week3/broken")
    source.examples("broken", version="1.0", parent=source.work / "python" / "week3")
    source.push("fixed")
    second = sync_source(app, "algos")

    assert [entry["identifier"] for entry in second.imported] == ["test.broken"]
    assert second.failed == []
    assert list_sources(app)[0]["failing"] == []


def test_under_limits_the_sync_to_one_folder_and_git_urls_work(app: App, source: SourceRepository) -> None:
    with GitDaemon(source.bare.parent) as daemon:
        add_source(app, "week2", f"{daemon.url}{source.bare.name}", under="python/week2")
        report = sync_source(app, "week2")
    assert [entry["path"] for entry in report.imported] == ["vigenere"]


def test_bad_input_is_refused_and_writes_nothing(app: App, source: SourceRepository) -> None:
    with pytest.raises(ExlibError, match="token in the environment"):
        add_source(app, "algos", "https://oauth2:secret@gitlab.example.edu/library.git")
    with pytest.raises(ExlibError, match="neither a git URL"):
        add_source(app, "algos", "/no/such/folder")
    with pytest.raises(ExlibError, match="not a usable source name"):
        add_source(app, "Bad Name", str(source.bare))
    with pytest.raises(ExlibError, match="not a plain folder path"):
        add_source(app, "algos", str(source.bare), under="../elsewhere")
    assert list_sources(app) == []
    add_source(app, "algos", str(source.bare), branch="nope")
    with pytest.raises(GitHostError, match="no branch 'nope'"):
        sync_source(app, "algos")
    assert app.library.list_examples() == []


def test_remove_forgets_the_source_and_keeps_its_versions(app: App, source: SourceRepository) -> None:
    add_source(app, "algos", str(source.bare))
    sync_source(app, "algos")

    removed = remove_source(app, "algos")

    assert removed["versions_kept"] == 2
    assert list_sources(app) == []
    assert not mirror_folder(app, "algos").exists()
    assert app.library.show("test.caesar")["source"] == "algos"
