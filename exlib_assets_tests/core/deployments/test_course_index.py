"""The course index a deploy writes, kept up to date from what changed, equals the one derived from
every tracking file, also after other people pushed tracking files meanwhile. Both backends."""

import json
import os
import shutil
from pathlib import Path

import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments import course_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.deployments.tracking import course_index as derived_course_index
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost import GitWorkspace
from exlib_assets_tests import repositories
from exlib_assets_tests.core.deployments.conftest import ASSIGNMENTS
from exlib_assets_tests.repositories import clone, push_change

INDEX = ".course-metadata/deployed-examples.json"


def assignments(app) -> str:
    return app.git_host.push_url(ASSIGNMENTS)


def kept_record(app) -> Path:
    return app.settings.home / "workspaces" / f"{ASSIGNMENTS}.kept" / ".git" / course_index.RECORD_FILE


def assign(app, make_example, course: str, path: str, name: str) -> None:
    app.library.import_paths([make_example(name)])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        target = courses.require_course(session, course)
        courses.assign(session, library, courses.add_content(session, target, path), f"test.{name}")


def index_matches_tracking_files(app, tmp_path: Path, name: str) -> dict:
    """The index on the remote, after checking it equals the one read from every tracking file."""
    repo = clone(assignments(app), tmp_path / "check" / name)
    written = (repo / INDEX).read_text()
    assert written == derived_course_index(repo)
    return json.loads(written)


def foreign_tracking_changes(repo: Path) -> None:
    """What other people with push rights may do to tracking files between two runs."""
    base = repo / "week1/base/.example-library"
    tracking = json.loads(base.read_text())
    base.write_text(json.dumps({**tracking, "deployed_at": "2001-02-03T04:05:06+00:00"}, indent=2))
    (repo / "week5/stray").mkdir(parents=True)
    (repo / "week5/stray/.example-library").write_text("{not json")
    (repo / "week6/copy").mkdir(parents=True)
    shutil.copy(repo / "week2/top/.example-library", repo / "week6/copy/.example-library")
    # Sorts before week6/copy/.example-library, as the file name's dot sorts after the dash.
    (repo / "week6/copy/-early").mkdir()
    shutil.copy(repo / "week2/top/.example-library", repo / "week6/copy/-early/.example-library")


def test_the_kept_index_notices_tracking_files_pushed_by_others_meanwhile(app, course, make_example, tmp_path):
    deploy_course(app, DeployRequest.deploy(course))
    assert kept_record(app).is_file()  # the next run starts from it, not from every tracking file
    push_change(assignments(app), tmp_path, foreign_tracking_changes)
    assign(app, make_example, course, "week3.third", "third")

    report = deploy_course(app, DeployRequest.deploy(course, ["week3.third"]))

    assert report.ok and report.commit
    index = index_matches_tracking_files(app, tmp_path, "after")
    by_folder = {d["filesystem_path"]: d for d in index["deployments"]}
    assert list(by_folder) == ["week1/base", "week2/top", "week3/third", "week6/copy/-early", "week6/copy"]
    assert by_folder["week1/base"]["deployed_at"] == "2001-02-03T04:05:06+00:00"
    assert index["unreadable_tracking_files"] == ["week5/stray/.example-library"]


def test_the_kept_index_follows_removals_by_this_run_and_by_others(app, course, make_example, tmp_path):
    assign(app, make_example, course, "week3.third", "third")
    deploy_course(app, DeployRequest.deploy(course))
    push_change(assignments(app), tmp_path, lambda repo: shutil.rmtree(repo / "week1/base"))
    with app.db.session() as session:
        target = courses.require_course(session, course)
        courses.unassign(session, courses.require_content(session, target, "week3.third"))

    report = deploy_course(app, DeployRequest.deploy(course, ["week3.third"]))

    assert [o.status for o in report.outcomes] == ["removed"]
    index = index_matches_tracking_files(app, tmp_path, "after")
    assert [d["filesystem_path"] for d in index["deployments"]] == ["week2/top"]


def test_a_symlink_pushed_as_a_tracking_file_after_the_index_was_kept_still_stops_the_run(
    app, course, make_example, tmp_path
):
    deploy_course(app, DeployRequest.deploy(course))
    secret = tmp_path / "secret.json"
    secret.write_text('{"example_id": "outside"}')

    def plant(repo: Path) -> None:
        (repo / "week4/stray").mkdir(parents=True)
        os.symlink(secret, repo / "week4/stray/.example-library")

    push_change(assignments(app), tmp_path, plant)
    assign(app, make_example, course, "week3.third", "third")
    commits = repositories.commit_count(assignments(app))

    with pytest.raises(ExlibError, match=r"week4/stray/\.example-library .*is a symlink"):
        deploy_course(app, DeployRequest.deploy(course, ["week3.third"]))

    assert repositories.commit_count(assignments(app)) == commits
    assert "outside" not in repositories.git("log", "-p", "main", cwd=Path(assignments(app)))


def test_a_record_naming_a_commit_the_working_copy_lacks_falls_back_to_every_tracking_file(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course))
    record = json.loads(kept_record(app).read_text())
    # A commit the kept copy never had (its objects gone), with an entry that is not in the repository.
    record["commit"] = "0" * 40
    record["folders"]["week9/ghost"] = record["folders"]["week1/base"]
    kept_record(app).write_text(json.dumps(record))
    workspace = GitWorkspace.clone_or_fetch(assignments(app), kept_record(app).parent.parent)

    assert course_index.index_folders(workspace) == course_index.derive(workspace.folder)
    assert "week9/ghost" not in course_index.index_folders(workspace)


@pytest.mark.parametrize("record", ["{not json", '{"format": 1, "commit": "abc", "folders": []}', "\udcff"])
def test_an_unreadable_record_falls_back_to_every_tracking_file(app, course, tmp_path, record):
    deploy_course(app, DeployRequest.deploy(course))
    kept_record(app).write_bytes(record.encode("utf-8", "surrogateescape"))
    workspace = GitWorkspace.clone_or_fetch(assignments(app), kept_record(app).parent.parent)

    assert course_index.index_folders(workspace) == course_index.derive(workspace.folder)
    assert set(course_index.index_folders(workspace)) == {"week1/base", "week2/top"}


def test_a_deploy_into_a_kept_working_copy_starts_seven_git_processes(app, course, make_example, tmp_path, monkeypatch):
    """fetch, rev-parse, add, commit, rev-parse, push, update-ref: the index and head kept in the
    working copy spare the rest, and the copy the last run left settled is not checked out and
    cleaned again."""
    deploy_course(app, DeployRequest.deploy(course))
    assign(app, make_example, course, "week3.third", "third")
    trace = tmp_path / "trace.json"
    monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))

    report = deploy_course(app, DeployRequest.deploy(course, ["week3.third"]))

    assert report.commit
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    started = [event["argv"] for event in events if event["event"] == "start" and "/" not in event["sid"]]
    assert len(started) <= 7, started
    assert not [argv for argv in started if "checkout" in argv or "clean" in argv], started
