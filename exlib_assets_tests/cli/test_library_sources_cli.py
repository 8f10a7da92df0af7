"""`exlib library source add|list|sync|remove` against real git repositories."""

import json
from pathlib import Path

import pytest

from exlib_assets_tests.source_repository import SourceRepository


@pytest.fixture
def source(tmp_path: Path) -> SourceRepository:
    repository = SourceRepository(tmp_path / "sources")
    repository.examples("caesar", version="1.0", parent=repository.work / "week1")
    repository.examples("vigenere", version="1.0", parent=repository.work / "week2")
    repository.push("two examples")
    return repository


def test_add_sync_list_show_and_remove(app, run, source: SourceRepository) -> None:
    added = run("library", "source", "add", "algos", str(source.bare))
    assert added.exit_code == 0, added.output

    synced = run("library", "source", "sync", "algos", "--json")

    assert synced.exit_code == 0, synced.output
    report = json.loads(synced.output)
    assert set(report) == {"source", "imported", "unchanged", "failed", "commit"}
    assert report["commit"] == source.head()
    assert sorted(entry["identifier"] for entry in report["imported"]) == ["test.caesar", "test.vigenere"]
    [listed] = json.loads(run("library", "source", "list", "--json").output)
    assert (listed["name"], listed["synced_commit"], listed["examples"]) == ("algos", source.head(), 2)
    shown = run("library", "show", "test.caesar")
    assert f"source:    algos at commit {source.head()}" in shown.output
    assert json.loads(run("library", "show", "test.caesar", "--json").output)["source_commit"] == source.head()

    removed = run("library", "source", "remove", "algos")
    assert removed.exit_code == 0 and "2 versions stay" in removed.output
    assert json.loads(run("library", "source", "list", "--json").output) == []


def test_sync_without_a_name_syncs_every_source_and_fails_on_a_refusal(app, run, source: SourceRepository) -> None:
    run("library", "source", "add", "algos", str(source.bare))
    run("library", "source", "sync")
    source.write("week2/vigenere/solution.py", "# changed, same version\n")
    head = source.push()

    result = run("library", "source", "sync", "--json")

    assert result.exit_code == 1
    [report] = json.loads(result.output)
    assert report["commit"] == head
    assert [entry["path"] for entry in report["failed"]] == ["week2/vigenere"]
    assert "files that differ: solution.py" in report["failed"][0]["error"]
    assert [entry["path"] for entry in report["unchanged"]] == ["week1/caesar"]


def test_a_url_with_a_token_is_refused_and_never_printed(app, run) -> None:
    result = run("library", "source", "add", "algos", "https://oauth2:s3cret-token@gitlab.example.edu/lib.git")

    assert result.exit_code == 1
    assert "s3cret-token" not in result.output
    assert "EXLIB_SOURCE_TOKEN__<NAME>" in result.output
    assert json.loads(run("library", "source", "list", "--json").output) == []


def test_an_unknown_source_says_how_to_find_one(app, run) -> None:
    result = run("library", "source", "sync", "nope")
    assert result.exit_code == 1
    assert "exlib library source list" in result.output
