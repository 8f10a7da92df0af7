"""Proposals on GitLab: the branch goes through a real smart-HTTP git server (as GitLab's git over
HTTPS) with a lease, the merge request through GitLab's API (recorded answers). A lecturer's push
to the branch during the run is kept, and then no merge request is opened or changed."""

import dataclasses
import json
from pathlib import Path

import pytest
import responses

from exlib_assets.core.deployments.changes import FolderChange
from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.core.deployments.proposals import push_proposals
from exlib_assets.core.deployments.tracking import Tracking
from exlib_assets.core.githost import GitLabHost, GitWorkspace
from exlib_assets_tests.core.githost.checks import GROUP, RECORDED, TOKEN
from exlib_assets_tests.repositories import git_value as git
from exlib_assets_tests.services.git_http import GitHttpServer

COURSE = "prog1_2026"
REPO = f"{COURSE}-assignments"
BRANCH = "exlib/update/week1.hello/1.1"


@pytest.fixture
def server(tmp_path: Path):
    with GitHttpServer(tmp_path / "server", TOKEN) as running:
        running.create_repository(f"{GROUP}/{REPO}")
        yield running


@pytest.fixture
def gitlab_app(app, server):
    """The test's app, its git host GitLab at the local git server (API calls answered by `api`)."""
    return dataclasses.replace(app, git_host=GitLabHost(f"http://127.0.0.1:{server.port}", TOKEN, GROUP))


def a_run_has_read_the_repository(gitlab_app, tmp_path: Path) -> tuple[GitWorkspace, DeployReport, dict]:
    """main holds week1/hello 1.0; a run read it and wants to propose 1.1 for week1.hello."""
    url = gitlab_app.git_host.push_url(REPO)
    first = GitWorkspace.clone_or_fetch(url, tmp_path / "first")
    (first.folder / "week1/hello").mkdir(parents=True)
    (first.folder / "week1/hello/hello.py").write_text("print('1.0')\n")
    first.commit_all("deploy 1.0", "exlib", "exlib@localhost")
    first.push()
    workspace = GitWorkspace.clone_or_fetch(url, tmp_path / "run")
    outcome = PathOutcome("week1.hello", "proposed", "test.hello", "1.1", from_version="1.0", branch=BRANCH)
    report = DeployReport(course=COURSE, dry_run=False, outcomes=[outcome])
    tracking = Tracking("test.hello", "1.1", "sha256:11", "week1.hello", "2026-01-01T00:00:00+00:00", {})
    change = FolderChange("week1/hello", {"hello.py": b"print('1.1')\n"}, [], tracking)
    return workspace, report, {"week1.hello": change}


def lecturer_pushes_the_branch(server: GitHttpServer, tmp_path: Path) -> str:
    copy = tmp_path / "lecturer"
    git("clone", "-q", f"{server.url()}{GROUP}/{REPO}.git", str(copy))
    git("checkout", "-q", "-b", BRANCH, cwd=copy)
    (copy / "week1/hello/hello.py").write_text("print('my 1.1')\n")
    git("commit", "-qam", "mine", cwd=copy)
    git("push", "-q", "origin", BRANCH, cwd=copy)
    return git("rev-parse", "HEAD", cwd=copy)


def branch_head(server: GitHttpServer) -> str:
    return git("rev-parse", BRANCH, cwd=server.root / f"{GROUP}/{REPO}.git")


def test_a_lost_lease_keeps_the_lecturers_commit_and_opens_no_merge_request(
    api: responses.RequestsMock, gitlab_app, server, tmp_path
):
    workspace, report, changes = a_run_has_read_the_repository(gitlab_app, tmp_path)
    theirs = lecturer_pushes_the_branch(server, tmp_path)

    push_proposals(gitlab_app, workspace, report, changes, "lecturer")

    [outcome] = report.outcomes
    assert branch_head(server) == theirs
    assert (outcome.status, outcome.branch_commit, outcome.merge_request_url) == ("proposed", theirs, None)
    assert "their commit was kept" in outcome.reason
    assert len(api.calls) == 0  # no merge request opened or rewritten over the lecturer's branch


def test_a_kept_lease_pushes_the_proposal_and_opens_its_merge_request(
    api: responses.RequestsMock, gitlab_app, server, tmp_path
):
    base = gitlab_app.git_host.url
    for interaction in json.loads((RECORDED / "merge_request_created.json").read_text())["interactions"]:
        request, response = interaction["request"], interaction["response"]
        api.add(request["method"], base + request["path"], json=response["body"], status=response["status"])
    workspace, report, changes = a_run_has_read_the_repository(gitlab_app, tmp_path)

    push_proposals(gitlab_app, workspace, report, changes, "lecturer")

    [outcome] = report.outcomes
    assert branch_head(server) == outcome.branch_commit and outcome.reason is None
    assert json.loads(api.calls[-1].request.body)["source_branch"] == BRANCH
    assert outcome.merge_request_url.endswith("/merge_requests/4")
