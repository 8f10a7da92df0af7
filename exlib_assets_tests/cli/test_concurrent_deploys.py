"""Two `exlib deploy` processes deploying to one course at the same time, against one remote
served by `git daemon`: both Dagster runs succeed and both land, nothing lost."""

import json
import stat
import subprocess
import sys
from dataclasses import replace

import dagster as dg

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import open_app
from exlib_assets.core.db.engine import upgrade
from exlib_assets.core.db.models import Deployment
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.githost import LocalGitHost
from exlib_assets_tests.environment import process_environment
from exlib_assets_tests.repositories import commit_count, git
from exlib_assets_tests.services.git_daemon import GitDaemon

# Holds each of the first two pushes until both have arrived, so both runs fetched the same
# head before either could land: one of them must then be refused and redo its work.
BARRIER_HOOK = """#!/bin/sh
dir="$(pwd)/arrivals"; mkdir -p "$dir"; touch "$dir/$$"
i=0
while [ "$(ls "$dir" | wc -l)" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
"""


def exlib(env: dict[str, str], *args: str) -> subprocess.Popen:
    command = [sys.executable, "-c", "from exlib_assets.cli.main import cli; cli()", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_runs_racing_on_one_course_both_land(settings, make_example, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    local = LocalGitHost(served)
    for name in courses.repository_names("prog1").values():
        local.ensure_repository(name)  # a plain git server's repositories are made by its admin
    with GitDaemon(served) as daemon:
        remote_settings = replace(settings, git_url=daemon.url)
        upgrade(settings.database_url)
        with open_app(remote_settings) as app:
            app.library.import_paths([make_example(name) for name in ("base", "top", "third")])
            with app.db.session() as session:
                library = library_index.get_or_create_library(session, app.storage.library)
                prog1 = courses.create_course(session, app.git_host, "prog1")
                for path, identifier in (
                    ("week1.base", "test.base"),
                    ("week2.top", "test.top"),
                    ("week3.third", "test.third"),
                ):
                    courses.assign(session, library, courses.add_content(session, prog1, path), identifier)
            deploy_course(app, DeployRequest.deploy("prog1", ["week1.base"]))
        bare = served / "prog1-assignments.git"
        hook = bare / "hooks" / "pre-receive"
        hook.write_text(BARRIER_HOOK)
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR)

        env = process_environment(remote_settings, tmp_path / "dagster")
        runs = [exlib(env, "deploy", "prog1", path, "--json") for path in ("week2.top", "week3.third")]
        finished = [run.communicate(timeout=120) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], [err for _, err in finished]
    reports = [json.loads(out) for out, _ in finished]
    assert sorted(report["push_retries"] for report in reports) == [0, 1]
    assert commit_count(str(bare)) == 3
    index = git("show", "main:.course-metadata/deployed-examples.json", cwd=bare)
    assert [d["ltree_path"] for d in json.loads(index)["deployments"]] == [
        "week1.base",
        "week2.top",
        "week3.third",
    ]
    history = git("show", "main:.course-metadata/deployment-history.json", cwd=bare)
    assert sorted(entry["path"] for entry in json.loads(history)) == ["week1.base", "week2.top", "week3.third"]
    with dg.DagsterInstance.from_config(str(tmp_path / "dagster")) as instance:
        records = [instance.get_run_by_id(report["run_id"]) for report in reports]
        assert all(record.is_success and record.job_name == "deploy_course_contents" for record in records)
    with open_app(remote_settings) as app, app.db.session() as session:
        assert {row.content.path: row.status for row in session.query(Deployment)} == {
            "week1.base": "deployed",
            "week2.top": "deployed",
            "week3.third": "deployed",
        }
        commits = {row.commit_sha for row in session.query(Deployment)}
    assert commits == set(git("rev-list", "main", cwd=bare).split())
