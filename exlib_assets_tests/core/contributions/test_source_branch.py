"""Contributions of versions synced from a git library source: a branch in the source, merged there."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from exlib_assets.core.app import App
from exlib_assets.core.contributions.contribute import contribute
from exlib_assets.core.contributions.decide import accept, reject
from exlib_assets.core.db.models import Contribution
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.failpoints import FailpointError
from exlib_assets.core.library_sources import add_source, sync_source
from exlib_assets.core.updates.status import status_of_contents
from exlib_assets_tests.core.contributions.conftest import NOTES, create_courses, edit_notes
from exlib_assets_tests.repositories import git
from exlib_assets_tests.source_repository import SourceRepository

BRANCH = "exlib/contrib/test.caesar/1.1"


@pytest.fixture
def source(app: App, tmp_path: Path) -> SourceRepository:
    repository = SourceRepository(tmp_path / "sources")
    repository.examples("caesar", version="1.0", parent=repository.work / "crypto", files={"notes.txt": NOTES})
    repository.push("caesar")
    add_source(app, "algos", str(repository.bare))
    assert sync_source(app, "algos").ok
    create_courses(app, "prog1", "prog2")
    edit_notes(app, "prog1", tmp_path, 5, "line 5, fixed")
    return repository


def show(source: SourceRepository, ref: str, path: str) -> str:
    return git("--git-dir", str(source.bare), "show", f"{ref}:{path}")


def test_contribution_is_a_branch_in_the_source_with_the_edits_and_the_bump(app: App, source) -> None:
    head = source.head()

    contributed = contribute(app, "prog1", "week1.caesar", message="fix line 5", actor="alice")

    assert (contributed.kind, contributed.proposed_version, contributed.branch) == ("branch", "1.1", BRANCH)
    assert "line 5, fixed\n" in show(source, BRANCH, "crypto/caesar/notes.txt")
    meta = show(source, BRANCH, "crypto/caesar/meta.yaml")
    assert "version: '1.1'" in meta and "exlibDeployment" not in meta
    assert git("--git-dir", str(source.bare), "rev-parse", f"{BRANCH}^").strip() == head
    log = git("--git-dir", str(source.bare), "log", "-1", "--format=%an%n%B", BRANCH)
    assert log.startswith("alice\nfix line 5")
    assert "course prog1" in log
    assert git("--git-dir", str(source.bare), "rev-parse", "main").strip() == head  # main is the maintainers'
    assert app.library.show("test.caesar")["versions"] == ["1.0"]  # nothing in the library until merged


def test_merged_branch_synced_is_held_by_the_contributor_and_offered_to_the_others(app: App, source) -> None:
    contribute(app, "prog1", "week1.caesar", actor="alice")
    git("fetch", "-q", "origin", cwd=source.work)
    git("merge", "-q", "--ff-only", f"origin/{BRANCH}", cwd=source.work)
    git("push", "-q", "origin", "main", cwd=source.work)

    report = sync_source(app, "algos")

    assert [(e["identifier"], e["version"]) for e in report.imported] == [("test.caesar", "1.1")]
    [mine] = status_of_contents(app, "prog1").contents
    assert (mine.deployed, mine.customized, mine.update_available) == ("1.1", [], None)
    [theirs] = status_of_contents(app, "prog2").contents
    assert (theirs.deployed, theirs.update_available) == ("1.0", "1.1")


def test_the_same_version_twice_is_refused_while_its_branch_is_there(app: App, source, tmp_path) -> None:
    contribute(app, "prog1", "week1.caesar")
    with app.db.session() as session:
        session.execute(sa.delete(Contribution))  # as if that contribution had been forgotten, not its branch
    # Other files than the branch holds: that branch is someone's proposal, never replaced.
    edit_notes(app, "prog1", tmp_path, 6, "line 6, also fixed")

    with pytest.raises(ExlibError, match="exists already"):
        contribute(app, "prog1", "week1.caesar")


def test_a_contribution_that_died_after_its_push_is_completed_by_running_it_again(app: App, source, monkeypatch):
    monkeypatch.setenv("EXLIB_FAILPOINT", "contribute.proposed:raise")
    with pytest.raises(FailpointError):
        contribute(app, "prog1", "week1.caesar", actor="alice")
    pushed = git("--git-dir", str(source.bare), "rev-parse", BRANCH).strip()
    with app.db.session() as session:
        assert session.scalars(sa.select(Contribution)).all() == []

    monkeypatch.delenv("EXLIB_FAILPOINT")
    again = contribute(app, "prog1", "week1.caesar", actor="alice")

    assert (again.kind, again.proposed_version, again.branch, again.status) == ("branch", "1.1", BRANCH, "open")
    assert git("--git-dir", str(source.bare), "rev-parse", BRANCH).strip() == pushed  # taken over, not replaced


def test_accept_merges_the_branch_into_the_source_and_syncs_it(app: App, source) -> None:
    contribute(app, "prog1", "week1.caesar", actor="alice")

    accepted = accept(app, "test.caesar@1.1", actor="admin")

    assert (accepted.status, accepted.accepted_version, accepted.resolved_by) == ("accepted", "1.1", "admin")
    assert "line 5, fixed\n" in show(source, "main", "crypto/caesar/notes.txt")
    assert git("--git-dir", str(source.bare), "branch", "--list", "exlib/*").strip() == ""
    assert app.library.show("test.caesar@1.1")["source"] == "algos"
    [mine] = status_of_contents(app, "prog1").contents
    assert (mine.deployed, mine.customized) == ("1.1", [])


def test_accept_refuses_when_the_source_moved_on_and_nothing_changes(app: App, source) -> None:
    contribute(app, "prog1", "week1.caesar", actor="alice")
    source.write("crypto/README.md", "the maintainers' change\n")
    moved = source.push("meanwhile")

    with pytest.raises(ExlibError, match="moved on"):
        accept(app, "test.caesar@1.1")

    assert git("--git-dir", str(source.bare), "rev-parse", "main").strip() == moved
    with app.db.session() as session:
        assert session.scalar(sa.select(Contribution.status)) == "open"


def test_reject_deletes_the_branch(app: App, source) -> None:
    contribute(app, "prog1", "week1.caesar", actor="alice")

    assert reject(app, "test.caesar@1.1", actor="admin").status == "rejected"

    assert git("--git-dir", str(source.bare), "branch", "--list", "exlib/*").strip() == ""
    [mine] = status_of_contents(app, "prog1").contents
    assert (mine.deployed, mine.customized) == ("1.0", ["~notes.txt"])
