"""What a deploy leaves in the working copy it keeps for the next run is exactly what it pushed, so
the next run may skip checking every file: files a course's .gitignore matches are committed, and
folders emptied by an update go. And a deploy of one path reads only the contents it needs.
Both backends, real repositories."""

import pytest
import sqlalchemy as sa

from exlib_assets.core.db.models import CourseContent
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.failpoints import FailpointError
from exlib_assets.core.githost.workspace import SETTLED_MARK
from exlib_assets_tests.core.deployments.conftest import ASSIGNMENTS
from exlib_assets_tests.core.deployments.test_course_index import assign
from exlib_assets_tests.repositories import push_change, tree_files


def kept_copy(app):
    return app.settings.home / "workspaces" / f"{ASSIGNMENTS}.kept"


def bare_remote(app) -> str:
    return app.git_host.push_url(ASSIGNMENTS)


def test_a_course_gitignore_does_not_keep_an_example_file_out_of_the_repository(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course, ["week2.top"]))

    def lecturer(repo):
        # A course that ignores data files and its own metadata, as some lecturers' templates do.
        (repo / ".gitignore").write_text("*.txt\ndata/\n.course-metadata/\n.example-library\n")

    push_change(bare_remote(app), tmp_path, lecturer)

    report = deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))

    assert [o.status for o in report.outcomes] == ["deployed"], report.outcomes
    files = tree_files(bare_remote(app))
    assert "week1/base/data/in.txt" in files and "week1/base/.example-library" in files
    assert ".course-metadata/deployed-examples.json" in files
    # Committed, so the next run (which trusts the kept copy) and a fresh clone agree: nothing to do.
    again = deploy_course(app, DeployRequest.deploy(course))
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"], again.outcomes
    assert again.commit is None


def test_an_update_that_drops_a_folder_leaves_no_empty_folder_behind(app, course, make_example, tmp_path):
    deploy_course(app, DeployRequest.deploy(course))
    assert (kept_copy(app) / "week1/base/data/in.txt").is_file()
    app.library.import_paths([make_example("base", version="2.0", parent=tmp_path / "v2")])

    report = deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))

    assert [(o.status, o.version) for o in report.outcomes] == [("deployed", "2.0")], report.outcomes
    assert "week1/base/data/in.txt" not in tree_files(bare_remote(app))
    assert not (kept_copy(app) / "week1/base/data").exists()
    assert (kept_copy(app) / ".git" / SETTLED_MARK).is_file()


def test_a_deploy_that_fails_leaves_no_settled_mark(app, course, monkeypatch):
    deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))
    monkeypatch.setenv("EXLIB_FAILPOINT", "deploy.committed:raise")

    with pytest.raises(FailpointError):
        deploy_course(app, DeployRequest.deploy(course, ["week2.top"]))

    assert not (kept_copy(app) / ".git" / SETTLED_MARK).exists()
    monkeypatch.delenv("EXLIB_FAILPOINT")
    # The unpushed commit and its files are gone from the kept copy before the next run plans.
    again = deploy_course(app, DeployRequest.deploy(course, ["week2.top"]))
    assert [o.status for o in again.outcomes] == ["deployed"], again.outcomes
    assert "week2/top/solution.py" in tree_files(bare_remote(app))


def contents_loaded_deploying(app, course: str, path: str) -> int:
    loaded = []

    def count(target, context):
        loaded.append(target.path)

    sa.event.listen(CourseContent, "load", count)
    try:
        report = deploy_course(app, DeployRequest.deploy(course, [path]))
    finally:
        sa.event.remove(CourseContent, "load", count)
    assert report.ok and report.commit, report.outcomes
    return len(loaded)


def test_a_deploy_of_one_path_loads_only_the_contents_it_needs(app, course, make_example):
    """However large the course, deploying one path loads the same few contents (its own, for
    reading the wish, marking and recording it), not every content of the course."""
    assign(app, make_example, course, "week3.late", "late")
    small = contents_loaded_deploying(app, course, "week3.late")
    for number in range(8):
        assign(app, make_example, course, f"week{4 + number}.other{number}", f"other{number}")
    assign(app, make_example, course, "week12.later", "later")

    large = contents_loaded_deploying(app, course, "week12.later")

    assert large == small <= 3
