"""Running `exlib` as a real process (so it can be killed or raced) and checking what a course's
runs left behind: commits on `main`, the course's history file and the database."""

import json
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.db.models import Course, Deployment, DeploymentEvent
from exlib_assets.core.deployments.consistency import compare_course
from exlib_assets.core.settings import Settings
from exlib_assets_tests.environment import process_environment
from exlib_assets_tests.repositories import commit_count, git

KILLED = -signal.SIGKILL


def cli_env(settings: Settings, dagster_home: Path, **extra: str) -> dict[str, str]:
    """The environment of an `exlib` process working on `settings` (EXLIB_FAILPOINT and the like in `extra`)."""
    return process_environment(settings, dagster_home, **extra)


def start(env: dict[str, str], *args: str) -> subprocess.Popen:
    command = [sys.executable, "-c", "from exlib_assets.cli.main import cli; cli()", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)


def run(env: dict[str, str], *args: str, timeout: float = 180) -> Finished:
    process = start(env, *args)
    out, err = process.communicate(timeout=timeout)
    return Finished(process.returncode, out, err)


def main_commits(bare: Path) -> list[str]:
    """The commits on `main` of the bare repository `bare`, oldest first ([] before the first)."""
    if commit_count(str(bare)) == 0:
        return []
    return git("rev-list", "--reverse", "main", cwd=bare).split()


def commits_touching(bare: Path, path: str) -> list[str]:
    """The commits on `main` changing anything in the folder content `path` deploys to."""
    return git("log", "--format=%H", "main", "--", folder_of(path), cwd=bare).split()


def content_folders_changed(bare: Path, commit: str) -> set[str]:
    """The content folders (`weekN/name`) a commit changes; exlib's own metadata left out."""
    names = git("diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit, cwd=bare).split()
    return {"/".join(name.split("/")[:2]) for name in names if not name.startswith(".")}


def repository_history(bare: Path) -> list[dict]:
    return json.loads(git("show", "main:.course-metadata/deployment-history.json", cwd=bare))


def assert_course_consistent(app: App, slug: str, bare: Path, paths: list[str]) -> None:
    """Each of `paths` deployed by exactly one commit, and the database saying so: status
    `deployed`, that commit, one `deployed` history row naming it; `exlib check` agreeing."""
    report = compare_course(app, slug)
    assert report.ok, [difference.describe() for difference in report.differences]
    history = repository_history(bare)
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        rows = {
            row.content.path: row
            for row in session.query(Deployment).join(Deployment.content).filter_by(course_id=course.id)
        }
        events = session.query(DeploymentEvent).filter_by(course_id=course.id, event="deployed").all()
        for path in paths:
            touching = commits_touching(bare, path)
            assert len(touching) == 1, f"{path} changed by {len(touching)} commits"
            assert rows[path].status == "deployed", (path, rows[path].status, rows[path].status_reason)
            assert rows[path].commit_sha == touching[0], path
            assert [e.commit_sha for e in events if e.content_path == path] == touching, path
            assert [entry["path"] for entry in history].count(path) == 1, path


def template_state(app: App, slug: str) -> tuple[Course, list[DeploymentEvent]]:
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        events = session.query(DeploymentEvent).filter_by(course_id=course.id, event="template_released").all()
        return course, events
