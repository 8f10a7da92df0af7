"""Updates end to end on real repositories: flag, merge keeping a lecturer's edit, conflicts
as a proposal branch with main untouched, skip, rollback, and following a merged proposal."""

from pathlib import Path

import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import UpdateProposal
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.updates.flags import refresh_update_flags
from exlib_assets.core.updates.rollback import rollback
from exlib_assets.core.updates.scan import scan_course
from exlib_assets.core.updates.updater import update_course
from exlib_assets_tests.lesson_course import ASSIGNMENTS, LESSON, deployment
from exlib_assets_tests.repositories import clone, commit_count, git, push_change


def remote(app) -> str:
    return app.git_host.push_url(ASSIGNMENTS)


def main_file(app, relpath: str, branch: str = "main") -> str:
    return git("show", f"{branch}:week1/lesson/{relpath}", cwd=Path(remote(app)))


def edit_notes(app, tmp_path, text: str) -> str:
    """The lecturer edits notes.txt on main; returns the commit."""
    copy = push_change(remote(app), tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_text(text))
    return git("rev-parse", "HEAD", cwd=copy).strip()


def flags(app):
    with app.db.session() as session:
        return refresh_update_flags(session)


def test_a_new_version_is_flagged_and_the_flag_clears_when_it_lands(app, course, release):
    assert flags(app).flagged == []
    release("1.1", LESSON + "line 9\n")

    changes = flags(app)

    [flag] = changes.flagged
    assert (flag.course, flag.path, flag.deployed, flag.available) == ("prog1", "week1.lesson", "1.0", "1.1")
    assert deployment(app)["update_available"] == "1.1"
    assert flags(app).flagged == []  # already flagged: no second history row

    update_course(app, course)
    assert deployment(app)["update_available"] is None and deployment(app)["version"] == "1.1"


def test_a_pinned_version_is_never_flagged_and_a_caret_stays_in_its_range(app, course, release):
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        content = courses.require_content(session, courses.require_course(session, course), "week1.lesson")
        courses.assign(session, library, content, "test.lesson", "1.0")
    release("1.1", LESSON + "line 9\n")
    assert flags(app).flagged == []

    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        content = courses.require_content(session, courses.require_course(session, course), "week1.lesson")
        courses.assign(session, library, content, "test.lesson", "^1.0")
    release("2.0", "rewritten\n")
    [flag] = flags(app).flagged
    assert flag.available == "1.1"


def test_merge_keeps_the_lecturers_edit_and_takes_the_librarys_change(app, course, release, tmp_path):
    edited = LESSON.replace("line 2", "line 2, as I teach it")
    edit_commit = edit_notes(app, tmp_path, edited)
    release("1.1", LESSON.replace("line 7", "line 7, corrected"), solution="# better solution\n")

    report = update_course(app, course, strategy="merge", actor="lecturer")

    [outcome] = report.outcomes
    assert outcome.status == "merged" and outcome.kept_local == ["notes.txt"]
    assert main_file(app, "notes.txt") == LESSON.replace("line 2", "line 2, as I teach it").replace(
        "line 7", "line 7, corrected"
    )
    assert main_file(app, "solution.py") == "# better solution\n"
    state = deployment(app)
    assert state["version"] == "1.1" and state["customized"] == ["~notes.txt"]
    assert state["customized_commit"] == edit_commit
    assert git("log", "-1", "--format=%s", "main", cwd=Path(remote(app))).startswith("Update 1 path(s)")


def test_a_conflicting_edit_becomes_a_proposal_branch_and_main_is_untouched(app, course, release, tmp_path):
    edit_notes(app, tmp_path, LESSON.replace("line 4", "line 4 by the lecturer"))
    main_before = git("rev-parse", "main", cwd=Path(remote(app))).strip()
    release("1.1", LESSON.replace("line 4", "line 4 by the library"))

    report = update_course(app, course, strategy="merge")

    [outcome] = report.outcomes
    assert outcome.status == "proposed" and outcome.branch == "exlib/update/week1.lesson/1.1"
    assert outcome.conflicts == ["notes.txt (both changed the same lines)"]
    assert git("rev-parse", "main", cwd=Path(remote(app))).strip() == main_before
    proposed = main_file(app, "notes.txt", branch=outcome.branch)
    assert "<<<<<<< yours" in proposed and "line 4 by the library" in proposed and ">>>>>>> library 1.1" in proposed
    assert '"example_version": "1.1"' in main_file(app, ".example-library", branch=outcome.branch)
    state = deployment(app)
    assert state["version"] == "1.0" and state["update_available"] == "1.1"
    with app.db.session() as session:
        [proposal] = session.query(UpdateProposal).all()
        assert (proposal.status, proposal.reason, proposal.branch) == ("open", "conflicts", outcome.branch)
        assert proposal.commit_sha == git("rev-parse", outcome.branch, cwd=Path(remote(app))).strip()


def test_a_binary_file_changed_on_both_sides_is_a_conflict(app, course, release, tmp_path):
    push_change(remote(app), tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_bytes(b"\0mine"))
    release("1.1", "\0theirs")

    [outcome] = update_course(app, course, strategy="merge").outcomes

    assert outcome.status == "proposed"
    assert outcome.conflicts == ["notes.txt (binary file changed on both sides; yours is kept)"]


def test_merging_the_proposal_branch_moves_the_deployment_along(app, course, release, tmp_path):
    scan_course(app, course)
    edit_notes(app, tmp_path, LESSON.replace("line 4", "line 4 by the lecturer"))
    release("1.1", LESSON.replace("line 4", "line 4 by the library"))
    [outcome] = update_course(app, course, strategy="merge").outcomes

    # The lecturer resolves the conflict on the branch and merges it into main.
    copy = clone(remote(app), tmp_path / "resolve")
    git("checkout", "-q", outcome.branch, cwd=copy)
    (copy / "week1/lesson/notes.txt").write_text(LESSON.replace("line 4", "line 4 by both"))
    git("commit", "-qam", "resolve", cwd=copy)
    git("checkout", "-q", "main", cwd=copy)
    git("merge", "-q", "--no-ff", "-m", "merge update", outcome.branch, cwd=copy)
    git("push", "-q", "origin", "main", cwd=copy)

    scanned = scan_course(app, course)

    assert scanned.followed == ["week1.lesson"] and scanned.proposals_merged == [outcome.branch]
    state = deployment(app)
    assert state["version"] == "1.1" and state["update_available"] is None
    assert state["customized"] == ["~notes.txt"]
    with app.db.session() as session:
        assert [p.status for p in session.query(UpdateProposal).all()] == ["merged"]


def test_skip_is_not_flagged_again_until_the_next_version(app, course, release):
    release("1.1", LESSON + "line 9\n")
    flags(app)

    report = update_course(app, course, strategy="skip")

    assert [o.status for o in report.outcomes] == ["skipped"] and report.commit is None
    assert deployment(app)["version"] == "1.0" and main_file(app, "notes.txt") == LESSON
    assert (deployment(app)["dismissed"], deployment(app)["update_available"]) == ("1.1", None)
    assert flags(app).flagged == []
    assert update_course(app, course).outcomes == []  # nothing to update: 1.1 was dismissed

    release("1.2", LESSON + "line 10\n")
    [flag] = flags(app).flagged
    assert flag.available == "1.2"


def test_rollback_redeploys_the_earlier_version_in_one_commit_and_holds_it(app, course, release):
    release("1.1", LESSON + "line 9\n")
    update_course(app, course)
    commits = commit_count(remote(app))

    report = rollback(app, course, "week1.lesson", actor="lecturer")

    [outcome] = report.outcomes
    assert (outcome.status, outcome.from_version, outcome.version) == ("deployed", "1.1", "1.0")
    assert commit_count(remote(app)) == commits + 1 and main_file(app, "notes.txt") == LESSON
    state = deployment(app)
    assert (state["version"], state["dismissed"], state["update_available"]) == ("1.0", "1.1", None)
    assert flags(app).flagged == []
    # A plain deploy keeps the rolled-back version; a newer release is offered again.
    assert deploy_course(app, DeployRequest.deploy(course)).outcomes[0].status == "unchanged"
    release("1.2", LESSON + "line 10\n")
    assert flags(app).flagged[0].available == "1.2"


def test_rollback_to_a_version_never_held_is_refused_and_changes_nothing(app, course, release):
    release("1.1", LESSON + "line 9\n")
    commits = commit_count(remote(app))

    with pytest.raises(ExlibError, match=r"never held test.lesson@1.1 before \(earlier versions: none\)"):
        rollback(app, course, "week1.lesson", "1.1")
    assert commit_count(remote(app)) == commits
