"""Deploying into a real assignments repository (local bare git), on both backends."""

import gc
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import CourseContent, Deployment, DeploymentEvent
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.deployments.tracking import Tracking
from exlib_assets_tests import repositories
from exlib_assets_tests.core.deployments.conftest import ASSIGNMENTS
from exlib_assets_tests.core.test_collector import freeze_counts_at_collections
from exlib_assets_tests.repositories import clone, git, push_change


def assignments(app) -> str:
    return app.git_host.push_url(ASSIGNMENTS)


def checkout(app, tmp_path: Path, name: str = "student") -> Path:
    """A fresh clone of the course's assignments repository, as a lecturer would make."""
    return clone(assignments(app), tmp_path / "clones" / name)


def commit_count(app) -> int:
    return repositories.commit_count(assignments(app))


def states(app) -> dict[str, tuple[str, str | None]]:
    with app.db.session() as session:
        rows = session.query(Deployment).all()
        return {row.content.path: (row.status, row.status_reason) for row in rows}


def test_deploys_every_assignment_in_one_commit_with_tracking(app, course, tmp_path):
    report = deploy_course(app, DeployRequest.deploy(course, actor="lecturer"))

    assert [(o.path, o.status) for o in report.outcomes] == [("week1.base", "deployed"), ("week2.top", "deployed")]
    assert commit_count(app) == 1
    repo = checkout(app, tmp_path)
    assert (repo / "week1/base/solution.py").read_text() == "# solution of base\n"
    assert (repo / "week1/base/data/in.txt").read_text() == "1 2 3\n"
    tracking = Tracking.from_json((repo / "week2/top/.example-library").read_text())
    assert (tracking.example_id, tracking.example_version, tracking.content_path) == ("test.top", "1.0", "week2.top")
    assert [(d.identifier, d.deployed_path) for d in tracking.dependencies] == [("test.base", "week1/base")]
    assert tracking.digest == app.library.show("test.top")["digest"]
    meta = yaml.safe_load((repo / "week2/top/meta.yaml").read_text())
    assert meta["exlibDeployment"] == {"coursePath": "week2.top", "dependencyPaths": {"test.base": "week1/base"}}
    index = json.loads((repo / ".course-metadata/deployed-examples.json").read_text())
    assert [d["filesystem_path"] for d in index["deployments"]] == ["week1/base", "week2/top"]
    history = json.loads((repo / ".course-metadata/deployment-history.json").read_text())
    assert [(h["path"], h["by"]) for h in history] == [("week1.base", "lecturer"), ("week2.top", "lecturer")]
    assert "Requested-by: lecturer" in git("log", "-1", "--format=%B", cwd=repo)
    assert states(app) == {"week1.base": ("deployed", None), "week2.top": ("deployed", None)}
    with app.db.session() as session:
        # Besides the assignments made before, the run wrote one `deployed` row per path.
        events = [(e.event, e.content_path) for e in session.query(DeploymentEvent) if e.event != "assigned"]
        assert sorted(events) == [("deployed", "week1.base"), ("deployed", "week2.top")]
        assert {row.commit_sha for row in session.query(Deployment)} == {report.commit}


def test_deploying_again_with_nothing_changed_makes_no_commit(app, course):
    deploy_course(app, DeployRequest.deploy(course))

    again = deploy_course(app, DeployRequest.deploy(course))

    assert {o.status for o in again.outcomes} == {"unchanged"} and again.commit is None
    assert commit_count(app) == 1


def test_new_version_replaces_files_and_removes_dropped_ones(app, course, make_example, tmp_path):
    deploy_course(app, DeployRequest.deploy(course))
    newer = make_example("base", version="1.1", files={"extra.py": "x = 1\n"}, parent=tmp_path / "v11")
    app.library.import_paths([newer])

    report = deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))

    [outcome] = report.outcomes
    assert (outcome.status, outcome.version) == ("deployed", "1.1")
    assert "data/in.txt" in outcome.removed and "extra.py" in outcome.written
    repo = checkout(app, tmp_path)
    assert not (repo / "week1/base/data/in.txt").exists() and (repo / "week1/base/extra.py").exists()
    assert commit_count(app) == 2


def test_local_edits_stay_and_mark_the_deployment_customized_unless_overwrite(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course))
    lecturer_copy = push_change(
        assignments(app), tmp_path, lambda repo: (repo / "week1/base/solution.py").write_text("# my better solution\n")
    )
    edit_commit = git("rev-parse", "HEAD", cwd=lecturer_copy).strip()

    kept = deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))

    [outcome] = kept.outcomes
    assert outcome.status == "unchanged" and outcome.local_edits == ["~solution.py"]
    assert kept.commit is None and commit_count(app) == 2
    assert (checkout(app, tmp_path, "kept") / "week1/base/solution.py").read_text() == "# my better solution\n"
    assert customization(app, "week1.base") == (True, ["~solution.py"], edit_commit)

    replaced = deploy_course(app, DeployRequest.deploy(course, ["week1.base"], overwrite=True))
    assert replaced.outcomes[0].status == "deployed"
    assert (checkout(app, tmp_path, "after") / "week1/base/solution.py").read_text() == "# solution of base\n"
    assert customization(app, "week1.base") == (False, None, None)


def test_a_new_version_over_local_edits_is_a_conflict_unless_a_strategy_says_otherwise(
    app, course, tmp_path, make_example
):
    deploy_course(app, DeployRequest.deploy(course))
    push_change(assignments(app), tmp_path, lambda repo: (repo / "week1/base/solution.py").write_text("# mine\n"))
    app.library.import_paths([make_example("base", version="1.1", files={"data/in.txt": "1 2 3 4\n"})])

    refused = deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))

    [outcome] = refused.outcomes
    assert outcome.status == "conflict" and "local edits (~solution.py)" in outcome.reason
    assert "strategy merge" in outcome.reason and refused.commit is None
    assert states(app)["week1.base"][0] == "failed"


def customization(app, path: str) -> tuple[bool, list | None, str | None]:
    with app.db.session() as session:
        row = session.scalar(sa.select(Deployment).join(CourseContent).where(CourseContent.path == path))
        return row.is_customized, row.customized_files, row.customized_commit


def test_content_not_from_the_library_is_a_conflict(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))

    def add_old_assignment(repo: Path) -> None:
        (repo / "week2/top").mkdir(parents=True)
        (repo / "week2/top/old_assignment.py").write_text("print('from last year')\n")

    push_change(assignments(app), tmp_path, add_old_assignment)

    report = deploy_course(app, DeployRequest.deploy(course, ["week2.top"]))

    assert report.outcomes[0].status == "conflict"
    assert "1 files not from the library" in report.outcomes[0].reason


def test_missing_dependency_fails_that_path_only(app, make_example):
    app.library.import_paths([make_example("base")])
    app.library.import_paths([make_example("top", dependencies=["test.base"])])
    app.library.import_paths([make_example("alone")])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1")
        courses.assign(session, library, courses.add_content(session, course, "week1.top"), "test.top")
        courses.assign(session, library, courses.add_content(session, course, "week1.alone"), "test.alone")

    report = deploy_course(app, DeployRequest.deploy("prog1"))

    outcomes = {o.path: o for o in report.outcomes}
    assert outcomes["week1.alone"].status == "deployed"
    assert outcomes["week1.top"].status == "failed"
    assert "dependency test.base is not assigned anywhere in course prog1" in outcomes["week1.top"].reason
    assert commit_count(app) == 1
    assert states(app)["week1.top"] == ("failed", outcomes["week1.top"].reason)


def test_dry_run_lists_files_and_writes_nothing(app, course):
    report = deploy_course(app, DeployRequest.deploy(course, dry_run=True))

    assert {o.status for o in report.outcomes} == {"deployed"}
    assert "meta.yaml" in report.outcomes[0].written
    assert commit_count(app) == 0
    assert states(app) == {}


def test_unknown_path_and_unassigned_content_are_refused(app, course):
    from exlib_assets.core.errors import NotFoundError

    with app.db.session() as session:
        courses.add_content(session, courses.require_course(session, course), "week3")

    with pytest.raises(NotFoundError, match="has no content 'week9'"):
        deploy_course(app, DeployRequest.deploy(course, ["week9"]))
    with pytest.raises(NotFoundError, match="has no example assigned"):
        deploy_course(app, DeployRequest.deploy(course, ["week3"]))
    assert commit_count(app) == 0 and states(app) == {}


def test_unreachable_repository_marks_the_run_failed(app, course):
    import shutil

    from exlib_assets.core.errors import GitHostError

    shutil.rmtree(app.git_host.push_url("prog1-assignments"))

    with pytest.raises(GitHostError):
        deploy_course(app, DeployRequest.deploy(course))

    assert {status for status, _ in states(app).values()} == {"failed"}


def test_unassigned_content_is_removed_on_the_next_deploy_with_history(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course))
    with app.db.session() as session:
        prog1 = courses.require_course(session, course)
        assert courses.unassign(session, courses.require_content(session, prog1, "week2.top")) == "test.top"

    report = deploy_course(app, DeployRequest.deploy(course, actor="lecturer"))

    outcomes = {o.path: o.status for o in report.outcomes}
    assert outcomes == {"week1.base": "unchanged", "week2.top": "removed"}
    assert commit_count(app) == 2
    repo = checkout(app, tmp_path)
    assert not (repo / "week2").exists() and (repo / "week1/base/.example-library").exists()
    index = json.loads((repo / ".course-metadata/deployed-examples.json").read_text())
    assert [d["ltree_path"] for d in index["deployments"]] == ["week1.base"]
    history = json.loads((repo / ".course-metadata/deployment-history.json").read_text())
    assert (history[-1]["action"], history[-1]["path"]) == ("removed", "week2.top")
    with app.db.session() as session:
        row = session.query(Deployment).filter(Deployment.status == "removed").one()
        assert (row.content.path, row.example_version_id, row.commit_sha) == ("week2.top", None, report.commit)
        event = session.query(DeploymentEvent).filter(DeploymentEvent.event == "removed").one()
        assert (event.from_version, event.to_version, event.actor) == ("1.0", None, "lecturer")

    again = deploy_course(app, DeployRequest.deploy(course))
    assert [o.path for o in again.outcomes] == ["week1.base"] and again.commit is None


def test_unassigning_a_dependency_of_another_content_is_refused(app, course):
    from exlib_assets.core.errors import ExlibError

    with app.db.session() as session:
        prog1 = courses.require_course(session, course)
        with pytest.raises(ExlibError, match="test.base at week1.base is a dependency of week2.top"):
            courses.unassign(session, courses.require_content(session, prog1, "week1.base"))
        assert courses.require_content(session, prog1, "week1.base").assignment is not None


def test_removing_keeps_local_edits_unless_overwrite(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course))
    push_change(assignments(app), tmp_path, lambda repo: (repo / "week2/top/notes.md").write_text("my notes\n"))
    with app.db.session() as session:
        prog1 = courses.require_course(session, course)
        courses.unassign(session, courses.require_content(session, prog1, "week2.top"))

    kept = deploy_course(app, DeployRequest.deploy(course, ["week2.top"]))
    assert kept.outcomes[0].status == "conflict" and "+notes.md" in kept.outcomes[0].reason
    assert (checkout(app, tmp_path, "kept") / "week2/top/notes.md").exists()

    removed = deploy_course(app, DeployRequest.deploy(course, ["week2.top"], overwrite=True))
    assert removed.outcomes[0].status == "removed"
    assert not (checkout(app, tmp_path, "gone") / "week2").exists()


def test_missing_dependency_can_be_deployed_alongside(app, make_example, tmp_path):
    app.library.import_paths([make_example("base")])
    app.library.import_paths([make_example("top", dependencies=["test.base"])])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, "prog1")
        courses.assign(session, library, courses.add_content(session, prog1, "week2.top"), "test.top")

    preview = deploy_course(app, DeployRequest.deploy("prog1", with_dependencies=True, dry_run=True))
    assert [(o.path, o.status, o.added_for) for o in preview.outcomes] == [
        ("week2.base", "deployed", "week2.top"),
        ("week2.top", "deployed", None),
    ]
    with app.db.session() as session:
        assert courses.find_content(session, courses.require_course(session, "prog1"), "week2.base") is None

    report = deploy_course(app, DeployRequest.deploy("prog1", with_dependencies=True, actor="lecturer"))

    assert {o.path: o.status for o in report.outcomes} == {"week2.base": "deployed", "week2.top": "deployed"}
    assert commit_count(app) == 1
    tracking = Tracking.from_json((checkout(app, tmp_path) / "week2/top/.example-library").read_text())
    assert [(d.identifier, d.deployed_path) for d in tracking.dependencies] == [("test.base", "week2/base")]
    with app.db.session() as session:
        content = courses.require_content(session, courses.require_course(session, "prog1"), "week2.base")
        assert (content.assignment.example.identifier, content.assignment.assigned_by) == ("test.base", "lecturer")


def test_a_child_content_is_not_a_local_edit_of_its_parent(app, make_example):
    app.library.import_paths([make_example("outer"), make_example("inner")])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, "prog1")
        courses.assign(session, library, courses.add_content(session, prog1, "week1"), "test.outer")
        courses.assign(session, library, courses.add_content(session, prog1, "week1.inner"), "test.inner")
    deploy_course(app, DeployRequest.deploy("prog1"))

    again = deploy_course(app, DeployRequest.deploy("prog1"))

    assert {o.status for o in again.outcomes} == {"unchanged"}


def test_progress_is_reported_per_path(app, course):
    seen = []

    deploy_course(
        app, DeployRequest.deploy(course), lambda outcome, done, total: seen.append((outcome.path, done, total))
    )

    assert seen == [("week1.base", 1, 2), ("week2.top", 2, 2)]


def test_concurrent_deploys_to_one_course_both_land(app, course, make_example, tmp_path):
    """Two runs racing on one remote: the loser's push is rejected, it redoes its work on top."""
    import threading

    from exlib_assets.core.githost import workspace as workspace_module

    app.library.import_paths([make_example("third")])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.require_course(session, course)
        courses.assign(session, library, courses.add_content(session, prog1, "week3.third"), "test.third")
    deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))
    # Both runs must have fetched before either pushes, so hold every push until both are ready.
    barrier = threading.Barrier(2, timeout=30)
    original_push = workspace_module.GitWorkspace.push
    first_push = threading.local()

    def push_after_both_fetched(self, *args, **kwargs):
        if not getattr(first_push, "done", False):
            first_push.done = True
            barrier.wait()
        return original_push(self, *args, **kwargs)

    reports, errors = {}, []

    def run(path):
        try:
            reports[path] = deploy_course(app, DeployRequest.deploy(course, [path]))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    workspace_module.GitWorkspace.push = push_after_both_fetched
    try:
        threads = [threading.Thread(target=run, args=(path,)) for path in ("week2.top", "week3.third")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        workspace_module.GitWorkspace.push = original_push

    assert errors == []
    assert sorted(r.push_retries for r in reports.values()) == [0, 1]
    assert commit_count(app) == 3
    repo = checkout(app, tmp_path)
    index = json.loads((repo / ".course-metadata/deployed-examples.json").read_text())
    assert [d["ltree_path"] for d in index["deployments"]] == ["week1.base", "week2.top", "week3.third"]
    history = json.loads((repo / ".course-metadata/deployment-history.json").read_text())
    assert sorted(h["path"] for h in history) == ["week1.base", "week2.top", "week3.third"]
    assert {status for status, _ in states(app).values()} == {"deployed"}


def test_a_damaged_tracking_file_is_named_and_nothing_is_committed(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course))
    push_change(assignments(app), tmp_path, lambda repo: (repo / "week1/base/.example-library").write_text("{not"))

    report = deploy_course(app, DeployRequest.deploy(course))

    [failed] = [o for o in report.outcomes if o.status == "failed"]
    assert failed.path == "week1.base"
    assert re.search(r"tracking file week1/base/.example-library .* is damaged", failed.reason)
    assert commit_count(app) == 2
    assert states(app)["week1.base"] == ("failed", failed.reason)
    assert states(app)["week2.top"][0] == "deployed"  # its own folder is fine: it is not held back


def test_a_deploy_sets_the_objects_alive_before_it_aside_from_its_collections(app, course):
    alive_before = len(gc.get_objects())

    with freeze_counts_at_collections() as seen:
        report = deploy_course(app, DeployRequest.deploy(course))

    assert [o.status for o in report.outcomes] == ["deployed", "deployed"]
    looking_at_everything = [count for count in seen if count < alive_before * 0.9]
    # One collection may fall between the call and the moment the objects are set aside, and one
    # after they are handed back; every other one skipped them.
    assert len(looking_at_everything) <= 2
    assert len(seen) > 2 * len(looking_at_everything)
    assert gc.get_freeze_count() == 0
