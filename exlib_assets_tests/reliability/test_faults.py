"""Faults: a run killed (SIGKILL) at each stage of a deployment and of a template build, then run
again; the course's repository and database must end consistent, with nothing lost and no
duplicate commit. The stages are the failpoints in deployer.py and builder.py (see
exlib_assets/core/failpoints.py)."""

import stat
from dataclasses import replace
from pathlib import Path

import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App, open_app
from exlib_assets.core.db.engine import upgrade
from exlib_assets.core.db.models import Deployment, DeploymentEvent
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost import LocalGitHost
from exlib_assets.core.storage import s3
from exlib_assets_tests.conftest import BACKENDS
from exlib_assets_tests.reliability.runs import (
    KILLED,
    assert_course_consistent,
    cli_env,
    commits_touching,
    main_commits,
    run,
    template_state,
)
from exlib_assets_tests.reliability.two_step_course import COURSE, FIRST, SECOND, deploy_two_step_course
from exlib_assets_tests.services.fault_proxy import FaultProxy
from exlib_assets_tests.services.git_daemon import GitDaemon


def status_of(app: App, path: str) -> str:
    with app.db.session() as session:
        return next(row.status for row in session.query(Deployment) if row.content.path == path)


# What the kill left behind, before the re-run: commits on main, the state of week2.top.
DEPLOY_STAGES = {
    "deploy.files_written": (1, "deploying"),
    "deploy.committed": (1, "deploying"),
    "deploy.pushed": (2, "deploying"),
    "deploy.recorded": (2, "deployed"),
}


@pytest.mark.parametrize("stage", DEPLOY_STAGES)
def test_a_deploy_killed_at_each_stage_is_completed_by_the_next_run(app, settings, course, tmp_path, stage):
    killed = run(cli_env(settings, tmp_path / "dagster", EXLIB_FAILPOINT=stage), "deploy", COURSE, SECOND, "--json")
    assert killed.returncode == KILLED, killed.stderr

    commits, status = DEPLOY_STAGES[stage]
    assert len(main_commits(course)) == commits
    assert status_of(app, SECOND) == status

    again = run(cli_env(settings, tmp_path / "dagster"), "deploy", COURSE, SECOND, "--json")
    assert again.returncode == 0, again.stderr
    assert len(main_commits(course)) == 2  # the first deployment's and this one's: no duplicate
    assert_course_consistent(app, COURSE, course, [FIRST, SECOND])
    check = run(cli_env(settings, tmp_path / "dagster"), "check", COURSE)
    assert check.returncode == 0, check.stdout + check.stderr


TEMPLATE_STAGES = {
    "template.files_written": 0,
    "template.committed": 0,
    "template.pushed": 1,
    "template.recorded": 1,
}


@pytest.mark.parametrize("stage", TEMPLATE_STAGES)
def test_a_template_build_killed_at_each_stage_is_completed_by_the_next_run(app, settings, course, tmp_path, stage):
    template = Path(settings.git_url) / f"{courses.repository_names(COURSE)['student_template']}.git"
    killed = run(cli_env(settings, tmp_path / "dagster", EXLIB_FAILPOINT=stage), "template", COURSE, "--json")
    assert killed.returncode == KILLED, killed.stderr
    assert len(main_commits(template)) == TEMPLATE_STAGES[stage]

    again = run(cli_env(settings, tmp_path / "dagster"), "template", COURSE, "--json")
    assert again.returncode == 0, again.stderr
    [commit] = main_commits(template)  # one template commit, however many runs built it
    course_row, events = template_state(app, COURSE)
    assert course_row.template_commit == commit
    assert course_row.template_source_commit == main_commits(course)[-1]
    assert [event.commit_sha for event in events] == [commit]
    assert commits_touching(course, FIRST) == main_commits(course)


# --- The git remote failing -------------------------------------------------------------------

REFUSING_HOOK = """#!/bin/sh
echo "pushes are closed for maintenance" >&2
exit 1
"""


@pytest.fixture
def remote_course(settings, make_example, tmp_path):
    """`prog1` on a `git daemon` remote with `week1.base` deployed and `week2.top` assigned:
    (the served folder, its assignments repository, settings pointing at the daemon, the daemon)."""
    served = tmp_path / "served"
    served.mkdir()
    local = LocalGitHost(served)
    for name in courses.repository_names(COURSE).values():
        local.ensure_repository(name)
    daemon = GitDaemon(served).start()
    try:
        remote = replace(settings, git_url=daemon.url)
        upgrade(settings.database_url)
        with open_app(remote) as app:
            deploy_two_step_course(app, make_example, remote)
        yield served, served / f"{courses.repository_names(COURSE)['assignments']}.git", remote, daemon
    finally:
        daemon.stop()


def failed_state(app: App, path: str) -> tuple[str, str, list[str]]:
    """The deployment's status, its reason, and the reasons of its `failed` history rows."""
    with app.db.session() as session:
        row = next(row for row in session.query(Deployment) if row.content.path == path)
        events = session.query(DeploymentEvent).filter_by(content_path=path, event="failed").all()
        return row.status, row.status_reason, [event.details["reason"] for event in events]


def test_an_unreachable_remote_fails_the_run_with_its_reason_and_a_later_run_lands(remote_course):
    served, bare, remote, daemon = remote_course
    daemon.stop()  # the port is closed now: connection refused

    with open_app(remote) as app:
        with pytest.raises(ExlibError) as raised:
            deploy_course(app, DeployRequest.deploy(COURSE, [SECOND]))
        status, reason, history = failed_state(app, SECOND)
    assert "127.0.0.1" in str(raised.value) and "Traceback" not in str(raised.value)
    assert (status, history) == ("failed", [reason]) and reason == str(raised.value)
    assert len(main_commits(bare)) == 1  # nothing half-written

    with GitDaemon(served) as back:  # the remote is back (on another port)
        with open_app(replace(remote, git_url=back.url)) as app:
            report = deploy_course(app, DeployRequest.deploy(COURSE, [SECOND]))
            assert report.ok and report.commit is not None
            assert_course_consistent(app, COURSE, bare, [FIRST, SECOND])
    assert len(main_commits(bare)) == 2


def test_a_remote_rejecting_pushes_fails_the_run_with_its_reason_and_a_later_run_lands(remote_course):
    _, bare, remote, _ = remote_course
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(REFUSING_HOOK)
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)

    with open_app(remote) as app:
        with pytest.raises(ExlibError) as raised:
            deploy_course(app, DeployRequest.deploy(COURSE, [SECOND]))
        status, reason, history = failed_state(app, SECOND)
    assert "refused" in str(raised.value) or "rejected" in str(raised.value), raised.value
    assert (status, history) == ("failed", [reason]) and reason == str(raised.value)
    assert len(main_commits(bare)) == 1

    hook.unlink()
    with open_app(remote) as app:
        report = deploy_course(app, DeployRequest.deploy(COURSE, [SECOND]))
        assert report.ok and report.commit is not None
        assert_course_consistent(app, COURSE, bare, [FIRST, SECOND])
    assert len(main_commits(bare)) == 2


# --- The S3 endpoint failing ------------------------------------------------------------------


@pytest.fixture
def s3_course(settings, make_example, s3_server, monkeypatch):
    """`prog1` (nothing deployed, `week1.base` assigned) with its storage reached through a
    fault proxy in front of the S3 endpoint; yields the proxy and the settings."""
    with FaultProxy(s3_server.endpoint_url) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
        monkeypatch.setattr(s3, "READ_TIMEOUT_S", 1)  # a stall is noticed in a second
        upgrade(settings.database_url)
        with open_app(settings) as app:
            app.library.import_paths([make_example("base")])
            with app.db.session() as session:
                library = library_index.get_or_create_library(session, app.storage.library)
                prog1 = courses.create_course(session, app.git_host, COURSE)
                courses.assign(session, library, courses.add_content(session, prog1, FIRST), "test.base")
        yield proxy, settings


@pytest.mark.parametrize("backend", [BACKENDS[1]], indirect=True)
@pytest.mark.parametrize("mode", ["error", "stall"])
def test_transient_s3_failures_are_retried(s3_course, mode):
    proxy, settings = s3_course
    bare = Path(settings.git_url) / f"{courses.repository_names(COURSE)['assignments']}.git"
    with open_app(settings) as app:
        proxy.fail(mode, times=2, stall_s=3)
        report = deploy_course(app, DeployRequest.deploy(COURSE, [FIRST]))
        assert report.ok, report.outcomes
        assert proxy.faults == 2
        assert_course_consistent(app, COURSE, bare, [FIRST])


@pytest.mark.parametrize("backend", [BACKENDS[1]], indirect=True)
@pytest.mark.parametrize("mode", ["error", "stall"])
def test_an_s3_outage_fails_the_run_naming_storage_and_a_later_run_lands(s3_course, mode):
    proxy, settings = s3_course
    bare = Path(settings.git_url) / f"{courses.repository_names(COURSE)['assignments']}.git"
    with open_app(settings) as app:
        proxy.fail(mode, stall_s=3)
        report = deploy_course(app, DeployRequest.deploy(COURSE, [FIRST]))
        [outcome] = report.outcomes
        assert outcome.status == "failed" and report.commit is None
        status, reason, history = failed_state(app, FIRST)
        assert proxy.faults >= s3.MAX_ATTEMPTS  # the read was tried MAX_ATTEMPTS times, then given up
        assert reason.startswith(f"could not read test.base@1.0 in {app.storage.describe()}"), reason
        assert "Traceback" not in reason
        assert (status, history) == ("failed", [reason])
        assert main_commits(bare) == []

        proxy.heal()
        assert deploy_course(app, DeployRequest.deploy(COURSE, [FIRST])).ok
        assert_course_consistent(app, COURSE, bare, [FIRST])
