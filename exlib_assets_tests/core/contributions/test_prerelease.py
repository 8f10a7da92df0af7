"""Contributions without a library source: a pre-release in the library that an admin accepts or rejects."""

import pytest
import sqlalchemy as sa

from exlib_assets.core.app import App
from exlib_assets.core.contributions.contribute import contribute
from exlib_assets.core.contributions.decide import accept, reject
from exlib_assets.core.db.models import Contribution, ExampleVersion
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.failpoints import FailpointError
from exlib_assets.core.history import course_history
from exlib_assets.core.updates.status import status_of_contents
from exlib_assets.core.updates.updater import update_course
from exlib_assets_tests.core.contributions.conftest import create_courses, edit_notes, read_notes


def status_of(app: App, slug: str):
    [content] = status_of_contents(app, slug).contents
    return content


@pytest.fixture
def contributed(app: App, imported, tmp_path):
    create_courses(app, "prog1", "prog2")
    edit_notes(app, "prog1", tmp_path, 3, "line 3, clearer")
    return contribute(app, "prog1", "week1.caesar", message="clearer line 3", actor="alice")


def test_contribution_is_a_prerelease_with_the_edits_and_the_bumped_version(app: App, contributed) -> None:
    assert (contributed.proposed_version, contributed.kind, contributed.status) == (
        "1.1-contrib.1",
        "prerelease",
        "open",
    )
    assert contributed.files == ["~notes.txt"]
    stored = app.storage.read_version("test.caesar", "1.1-contrib.1")
    assert "line 3, clearer\n" in stored["notes.txt"].decode()
    assert b"version: '1.1-contrib.1'" in stored["meta.yaml"]
    assert b"exlibDeployment" not in stored["meta.yaml"]
    # A pre-release is offered to nobody: no `latest` or range constraint resolves to it.
    assert status_of(app, "prog2").update_available is None


def test_accept_publishes_the_next_version_held_by_the_contributor_and_offered_to_others(
    app: App, contributed, tmp_path
) -> None:
    accepted = accept(app, "test.caesar@1.1-contrib.1", actor="admin")

    assert (accepted.status, accepted.accepted_version) == ("accepted", "1.1")
    assert b"version: '1.1'" in app.storage.read_version("test.caesar", "1.1")["meta.yaml"]
    mine = status_of(app, "prog1")
    assert (mine.deployed, mine.customized, mine.update_available) == ("1.1", [], None)
    assert "line 3, clearer\n" in read_notes(app, "prog1", tmp_path, "mine")
    theirs = status_of(app, "prog2")
    assert (theirs.deployed, theirs.update_available) == ("1.0", "1.1")
    assert update_course(app, "prog2").ok
    assert "line 3, clearer\n" in read_notes(app, "prog2", tmp_path, "theirs")
    with app.db.session() as session:
        events = [(e.event, e.actor, e.change) for e in course_history(session, "prog1")]
    assert ("contributed", "alice", "1.0 -> 1.1-contrib.1") in events
    assert ("contribution_accepted", "admin", "1.1-contrib.1 -> 1.1") in events


def test_reject_drops_the_prerelease_and_the_course_keeps_its_edits(app: App, contributed) -> None:
    rejected = reject(app, "test.caesar@1.1-contrib.1", actor="admin")

    assert rejected.status == "rejected"
    assert not app.storage.has_version("test.caesar", "1.1-contrib.1")
    assert app.library.show("test.caesar")["versions"] == ["1.0"]
    mine = status_of(app, "prog1")
    assert (mine.deployed, mine.customized) == ("1.0", ["~notes.txt"])
    with pytest.raises(ExlibError, match="rejected already"):
        accept(app, "test.caesar@1.1-contrib.1")


def test_a_second_contribution_waits_for_the_first(app: App, contributed, tmp_path) -> None:
    with pytest.raises(ExlibError, match="waiting already"):
        contribute(app, "prog1", "week1.caesar")
    reject(app, "test.caesar@1.1-contrib.1")
    again = contribute(app, "prog1", "week1.caesar")
    assert again.proposed_version == "1.1-contrib.1"  # the rejected one is gone, its number free again


@pytest.mark.parametrize(
    ("slug", "path", "error", "message"),
    [
        ("nope", "week1.caesar", NotFoundError, "nope"),
        ("prog1", "week9.nothing", NotFoundError, "week9.nothing"),
        ("prog2", "week1.caesar", ExlibError, "nothing is customized"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(app: App, contributed, slug, path, error, message) -> None:
    with app.db.session() as session:
        before = (
            session.scalar(sa.select(sa.func.count(Contribution.id))),
            session.scalar(sa.select(sa.func.count(ExampleVersion.id))),
        )

    with pytest.raises(error, match=message):
        contribute(app, slug, path)

    with app.db.session() as session:
        after = (
            session.scalar(sa.select(sa.func.count(Contribution.id))),
            session.scalar(sa.select(sa.func.count(ExampleVersion.id))),
        )
    assert after == before


@pytest.mark.parametrize("reference", ["test.caesar", "test.caesar@", "test.caesar@1.1-contrib.9", "test.caesar@x y"])
def test_accept_of_an_unknown_contribution_names_it(app: App, contributed, reference) -> None:
    with pytest.raises(ExlibError):
        accept(app, reference)
    assert app.library.show("test.caesar")["versions"] == ["1.0", "1.1-contrib.1"]


def test_a_contribution_that_died_after_storing_its_prerelease_is_completed_by_running_it_again(
    app: App, imported, tmp_path, monkeypatch
) -> None:
    create_courses(app, "prog1")
    edit_notes(app, "prog1", tmp_path, 3, "line 3, clearer")
    monkeypatch.setenv("EXLIB_FAILPOINT", "contribute.proposed:raise")
    with pytest.raises(FailpointError):
        contribute(app, "prog1", "week1.caesar", actor="alice")

    monkeypatch.delenv("EXLIB_FAILPOINT")
    again = contribute(app, "prog1", "week1.caesar", actor="alice")

    assert (again.proposed_version, again.status) == ("1.1-contrib.1", "open")  # the stored one, not a second
    with app.db.session() as session:
        tags = session.scalars(sa.select(ExampleVersion.tag)).all()
        assert sorted(tag for tag in tags if "contrib" in tag) == ["1.1-contrib.1"]
        assert len(session.scalars(sa.select(Contribution)).all()) == 1
