"""A proposal run leaves its row saying what is true; rows a dead run left `deploying` are found by
the check and settled by repair; a lecturer's push to a proposal branch during a run is kept.
Both backends, real repositories."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from exlib_assets.core.db.models import CourseContent, Deployment, DeploymentEvent, UpdateProposal
from exlib_assets.core.deployments.consistency import Kind, compare_course, repair_course
from exlib_assets.core.deployments.in_flight import STALE_AFTER, RunStamp
from exlib_assets.core.updates.updater import update_course
from exlib_assets_tests.lesson_course import ASSIGNMENTS, LESSON, deployment
from exlib_assets_tests.repositories import clone, git, push_change

BRANCH = "exlib/update/week1.lesson/1.1"


def remote(app) -> Path:
    return Path(app.git_host.push_url(ASSIGNMENTS))


def conflicting_update_ready(app, release, tmp_path) -> None:
    """The lecturer changed line 4 on main; the library's 1.1 changes it too."""
    edit = LESSON.replace("line 4", "line 4 by the lecturer")
    push_change(str(remote(app)), tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_text(edit))
    release("1.1", LESSON.replace("line 4", "line 4 by the library"))


def row_state(app) -> tuple[str, str | None]:
    with app.db.session() as session:
        row = session.scalar(sa.select(Deployment).join(CourseContent).where(CourseContent.path == "week1.lesson"))
        return row.status, row.status_reason


def plant_deploying(app, stamp: RunStamp) -> None:
    """What a run that died without a word leaves: its row `deploying`, stamped with it."""
    with app.db.session() as session:
        row = session.scalar(sa.select(Deployment).join(CourseContent).where(CourseContent.path == "week1.lesson"))
        stamp.put_on(row, "deploying")


def test_a_proposal_leaves_the_row_deployed_at_the_old_version_and_the_check_agrees(app, course, release, tmp_path):
    conflicting_update_ready(app, release, tmp_path)

    [outcome] = update_course(app, course, strategy="merge").outcomes

    assert outcome.status == "proposed"
    status, reason = row_state(app)
    assert (status, deployment(app)["version"]) == ("deployed", "1.0")
    assert "1.0 stays deployed" in reason and BRANCH in reason
    assert compare_course(app, course).ok


def test_a_row_a_live_run_holds_is_not_reported(app, course, release):
    release("1.1", LESSON + "line 9\n")
    seen = []

    update_course(app, course, progress=lambda *_: seen.append(compare_course(app, course)))

    [during] = seen
    assert row_state(app)[0] == "deployed"
    assert [d.kind for d in during.differences] == []  # `deploying` then, by this live process


def test_a_row_whose_process_is_gone_is_reported_and_repair_settles_it(app, course):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = RunStamp.of_this_process("deadbeef")
    plant_deploying(app, RunStamp(dead.batch, dead.host, int(finished.stdout), dead.started_at))

    report = compare_course(app, course)

    [difference] = report.differences
    assert difference.kind == Kind.ABANDONED and difference.path == "week1.lesson"
    described = difference.describe()
    assert "still says `deploying`" in described and f"process {finished.stdout.strip()}" in described
    assert "no longer running" in described and "test.lesson@1.0" in described

    repaired = repair_course(app, course, actor="admin")

    assert any(change.startswith("week1.lesson: was left `deploying`") for change in repaired.changes)
    status, reason = row_state(app)
    assert status == "deployed" and reason.startswith("settled by repair")
    assert compare_course(app, course).ok
    with app.db.session() as session:
        [event] = session.scalars(sa.select(DeploymentEvent).where(DeploymentEvent.event == "repaired")).all()
        assert (event.details["before"]["status"], event.details["after"]["status"]) == ("deploying", "deployed")
    assert repair_course(app, course, actor="admin").changes == []  # settled once


def test_a_row_from_another_host_counts_as_abandoned_only_past_the_run_time_limit(app, course):
    now = datetime.now(UTC)
    plant_deploying(app, RunStamp("cafe", "run-worker-7", 4242, now - timedelta(minutes=5)))
    assert compare_course(app, course).ok  # its run may still be working there

    plant_deploying(app, RunStamp("cafe", "run-worker-7", 4242, now - STALE_AFTER - timedelta(minutes=1)))

    [difference] = compare_course(app, course).differences
    assert difference.kind == Kind.ABANDONED and "run-worker-7" in difference.describe()


def test_a_lecturers_push_to_the_proposal_branch_during_the_run_is_kept(app, course, release, tmp_path):
    conflicting_update_ready(app, release, tmp_path)
    lecturer = {}

    def lecturer_pushes_to_the_branch(outcome, done, total):
        # The run has read the repository (no such branch yet) and is preparing its proposal.
        copy = clone(str(remote(app)), tmp_path / "lecturer")
        git("checkout", "-q", "-b", BRANCH, cwd=copy)
        (copy / "week1/lesson/notes.txt").write_text(LESSON.replace("line 4", "line 4 as we agreed"))
        git("commit", "-qam", "my own take on 1.1", cwd=copy)
        git("push", "-q", "origin", BRANCH, cwd=copy)
        lecturer["commit"] = git("rev-parse", "HEAD", cwd=copy).strip()

    [outcome] = update_course(app, course, strategy="merge", progress=lecturer_pushes_to_the_branch).outcomes

    assert git("rev-parse", BRANCH, cwd=remote(app)).strip() == lecturer["commit"]  # not replaced
    assert outcome.status == "proposed" and outcome.branch_commit == lecturer["commit"]
    assert "their commit was kept" in outcome.reason and lecturer["commit"][:12] in outcome.reason
    status, reason = row_state(app)
    assert status == "deployed" and "their commit was kept" in reason
    with app.db.session() as session:
        [proposal] = session.scalars(sa.select(UpdateProposal)).all()
        assert (proposal.branch, proposal.commit_sha) == (BRANCH, lecturer["commit"])
        [event] = session.scalars(sa.select(DeploymentEvent).where(DeploymentEvent.event == "proposed")).all()
        assert "their commit was kept" in event.details["reason"]
