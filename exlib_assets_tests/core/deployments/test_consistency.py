"""Comparing the deployments table with a real assignments repository, and repairing it, on both backends."""

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import CourseContent, Deployment, DeploymentEvent
from exlib_assets.core.deployments.consistency import (
    NOT_IN_REPOSITORY,
    Difference,
    Holding,
    Kind,
    compare_course,
    repair_course,
)
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.deployments.tracking import TRACKING_FILE, Tracking
from exlib_assets.core.errors import NotFoundError
from exlib_assets_tests import repositories
from exlib_assets_tests.core.deployments.conftest import ASSIGNMENTS
from exlib_assets_tests.repositories import git


def assignments(app) -> str:
    return app.git_host.push_url(ASSIGNMENTS)


def push_change(app, tmp_path: Path, change: Callable[[Path], None]) -> None:
    """Change the assignments repository from a lecturer's clone."""
    repositories.push_change(assignments(app), tmp_path, change)


def head(app) -> str:
    return git("rev-parse", "main", cwd=Path(assignments(app))).strip()


def edit_row(app, path: str, **values) -> None:
    with app.db.session() as session:
        row = session.scalar(sa.select(Deployment).join(CourseContent).where(CourseContent.path == path))
        for name, value in values.items():
            setattr(row, name, value)


def rows(app) -> dict[str, tuple[str, str | None, str | None]]:
    """path -> (status, deployed example@version, status reason)."""
    with app.db.session() as session:
        return {
            row.content.path: (
                row.status,
                row.example_version.partition_key if row.example_version else None,
                row.status_reason,
            )
            for row in session.scalars(sa.select(Deployment))
        }


def retrack(folder: Path, **changes) -> None:
    """Rewrite the tracking file in `folder` with some fields changed."""
    tracking = Tracking.from_json((folder / TRACKING_FILE).read_text())
    (folder / TRACKING_FILE).write_text(dataclasses.replace(tracking, **changes).to_json())


@pytest.fixture
def course(app, course):
    """The shared course prog1, deployed."""
    deploy_course(app, DeployRequest.deploy(course))
    return course


# Each drift makes the two sides disagree in one way; with what compare_course says about it.


def database_says_newer_version(app, tmp_path, make_example):
    app.library.import_paths([make_example("base", version="1.1", parent=tmp_path / "v11")])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        newer = library_index.resolve_reference(session, library, "test.base@1.1")
        row = session.scalar(sa.select(Deployment).join(CourseContent).where(CourseContent.path == "week1.base"))
        row.example_version, row.digest = newer, newer.digest


def database_has_other_digest(app, tmp_path, make_example):
    edit_row(app, "week1.base", digest="0" * 64)


def folder_removed_from_repository(app, tmp_path, make_example):
    push_change(app, tmp_path, lambda clone: git("rm", "-rq", "week2/top", cwd=clone))


def database_forgot_the_deployment(app, tmp_path, make_example):
    edit_row(app, "week1.base", example_version_id=None, digest=None, status="pending")


def folder_copied_to_new_content(app, tmp_path, make_example):
    def copy(clone: Path) -> None:
        shutil.copytree(clone / "week1/base", clone / "week3/extra")
        retrack(clone / "week3/extra", content_path="week3.extra")

    push_change(app, tmp_path, copy)


DRIFTS = [
    pytest.param(
        database_says_newer_version,
        Kind.DIFFERENT_VERSION,
        "week1.base: database says test.base@1.1, repository holds test.base@1.0",
        id="different-version",
    ),
    pytest.param(
        database_has_other_digest,
        Kind.DIFFERENT_DIGEST,
        "week1.base: database says test.base@1.0 with digest 000000000000, repository holds test.base@1.0 with digest ",
        id="different-digest",
    ),
    pytest.param(
        folder_removed_from_repository,
        Kind.ONLY_IN_DATABASE,
        "week2.top: database says test.top@1.0, repository holds nothing",
        id="only-in-database",
    ),
    pytest.param(
        database_forgot_the_deployment,
        Kind.ONLY_IN_REPOSITORY,
        "week1.base: database says nothing is deployed, repository holds test.base@1.0",
        id="only-in-repository",
    ),
    pytest.param(
        folder_copied_to_new_content,
        Kind.ONLY_IN_REPOSITORY,
        "week3.extra: database says nothing is deployed, repository holds test.base@1.0",
        id="only-in-repository-unknown-content",
    ),
]


def test_a_deploy_leaves_database_and_repository_in_agreement(app, course):
    report = compare_course(app, course)

    assert report.ok and report.differences == []
    assert report.commit == head(app)


def test_a_failed_deploy_keeps_agreement_because_the_row_keeps_the_deployed_version(
    app, course, tmp_path, make_example
):
    push_change(app, tmp_path, lambda clone: (clone / "week1/base/solution.py").write_text("# mine\n"))
    app.library.import_paths([make_example("base", version="1.1", files={"data/in.txt": "4 5\n"})])
    assert deploy_course(app, DeployRequest.deploy(course, ["week1.base"])).outcomes[0].status == "conflict"

    assert rows(app)["week1.base"][:2] == ("failed", "test.base@1.0")
    assert compare_course(app, course).ok


def test_a_content_removed_by_a_deploy_is_not_a_deployment(app, course):
    with app.db.session() as session:
        courses.unassign(
            session, courses.require_content(session, courses.require_course(session, course), "week2.top")
        )
    deploy_course(app, DeployRequest.deploy(course))

    assert rows(app)["week2.top"] == ("removed", None, None)
    assert compare_course(app, course).ok
    assert repair_course(app, course, actor="admin").changes == []


@pytest.mark.parametrize(("drift", "kind", "description"), DRIFTS)
def test_each_difference_is_found_and_described(app, course, tmp_path, make_example, drift, kind, description):
    drift(app, tmp_path, make_example)

    report = compare_course(app, course)

    [difference] = report.differences
    assert not report.ok and difference.kind == kind
    assert difference.describe().startswith(description)


def test_a_tracking_file_moved_to_another_folder_is_misplaced(app, course, tmp_path):
    push_change(app, tmp_path, lambda clone: git("mv", "week2/top", "week3", cwd=clone))

    report = compare_course(app, course)

    assert [(d.path, d.kind, d.folder) for d in report.differences] == [
        ("week2.top", Kind.ONLY_IN_DATABASE, None),
        ("week2.top", Kind.MISPLACED, "week3"),
    ]
    assert report.differences[1].describe() == (
        "week2.top: repository holds test.top@1.0 for it in week3/, but its folder is week2/top/"
    )


def test_unknown_course_is_refused(app):
    with pytest.raises(NotFoundError, match="course 'nope' does not exist"):
        compare_course(app, "nope")
    with pytest.raises(NotFoundError, match="course 'nope' does not exist"):
        repair_course(app, "nope", actor="admin")


@pytest.mark.parametrize(("drift", "kind", "description"), DRIFTS)
def test_repair_makes_the_database_agree_and_is_idempotent(
    app, course, tmp_path, make_example, drift, kind, description
):
    drift(app, tmp_path, make_example)
    commit = head(app)

    first = repair_course(app, course, actor="admin")

    assert len(first.changes) == 1 and first.ok and first.commit == commit
    assert compare_course(app, course).ok
    assert head(app) == commit  # nothing written to git
    second = repair_course(app, course, actor="admin")
    assert second.changes == [] and second.unrepairable == []


def test_repair_forgets_what_the_repository_does_not_hold(app, course, tmp_path):
    folder_removed_from_repository(app, tmp_path, None)

    report = repair_course(app, course, actor="admin")

    assert report.changes == [
        "week2.top: database no longer says test.top@1.0 is deployed; the repository holds nothing there"
    ]
    assert rows(app)["week2.top"] == ("pending", None, NOT_IN_REPOSITORY)


def test_repair_adds_content_and_a_pinned_assignment_for_a_deployment_it_did_not_know(app, course, tmp_path):
    folder_copied_to_new_content(app, tmp_path, None)

    report = repair_course(app, course, actor="admin")

    [change] = report.changes
    assert change.startswith("week3.extra: added the content; database now says test.base@1.0")
    assert change.endswith("assigned test.base@1.0")
    assert rows(app)["week3.extra"] == ("deployed", "test.base@1.0", None)
    with app.db.session() as session:
        content = courses.require_content(session, courses.require_course(session, course), "week3.extra")
        assert (content.assignment.version_constraint, content.assignment.assigned_by) == ("1.0", "admin")
        assert content.deployment.commit_sha == head(app)


def test_repair_writes_history_with_before_and_after(app, course, tmp_path, make_example):
    database_says_newer_version(app, tmp_path, make_example)
    folder_removed_from_repository(app, tmp_path, None)

    repair_course(app, course, actor="admin")

    with app.db.session() as session:
        events = {
            e.content_path: e
            for e in session.scalars(sa.select(DeploymentEvent).where(DeploymentEvent.event == "repaired"))
        }
        assert set(events) == {"week1.base", "week2.top"}
        base, top = events["week1.base"], events["week2.top"]
        assert (base.actor, base.example_identifier, base.from_version, base.to_version) == (
            "admin",
            "test.base",
            "1.1",
            "1.0",
        )
        assert base.commit_sha == head(app)
        assert base.details["before"]["version"] == "1.1" and base.details["after"]["version"] == "1.0"
        assert base.details["after"]["status"] == "deployed"
        assert (top.from_version, top.to_version) == ("1.0", None)
        assert top.details["before"]["status"] == "deployed" and top.details["after"]["status"] == "pending"


def test_versions_the_library_does_not_have_are_unrepairable(app, course, tmp_path):
    def unknown_versions(clone: Path) -> None:
        retrack(clone / "week1/base", example_version="2.0")
        shutil.copytree(clone / "week2/top", clone / "week4/ghost")
        retrack(clone / "week4/ghost", example_id="test.ghost", content_path="week4.ghost")

    push_change(app, tmp_path, unknown_versions)

    report = repair_course(app, course, actor="admin")

    assert not report.ok and report.changes == []
    assert report.unrepairable == [
        "week1.base: the repository holds test.base@2.0, which library 'testlib' does not have; "
        "import that version (`exlib library import FOLDER`), then run `exlib repair prog1` again.",
        "week4.ghost: the repository holds test.ghost@1.0, which library 'testlib' does not have; "
        "import that version (`exlib library import FOLDER`), then run `exlib repair prog1` again.",
    ]
    assert rows(app)["week1.base"] == ("deployed", "test.base@1.0", None)
    assert "week4.ghost" not in rows(app)
    assert {d.kind for d in compare_course(app, course).differences} == {
        Kind.DIFFERENT_VERSION,
        Kind.ONLY_IN_REPOSITORY,
    }


def test_a_misplaced_tracking_file_is_unrepairable_and_the_empty_folder_is_forgotten(app, course, tmp_path):
    push_change(app, tmp_path, lambda clone: git("mv", "week2/top", "week3", cwd=clone))

    report = repair_course(app, course, actor="admin")

    assert report.changes == [
        "week2.top: database no longer says test.top@1.0 is deployed; the repository holds nothing there"
    ]
    [problem] = report.unrepairable
    assert problem.startswith("week3/ holds a .example-library file for content 'week2.top'")
    assert [d.kind for d in compare_course(app, course).differences] == [Kind.MISPLACED]


def test_a_tracking_file_naming_an_invalid_content_path_says_so():
    difference = Difference("Week 5", Kind.MISPLACED, None, Holding("test.base", "1.0", "sha256:00"), folder="week5")

    assert difference.describe() == (
        "Week 5: repository holds test.base@1.0 for it in week5/, but 'Week 5' is not a valid content path"
    )
