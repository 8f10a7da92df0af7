"""No row stays `deploying` once its run ends, whatever the run raised, and the course-metadata
files a lecturer can break do not break deploys: on both backends, real repositories."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from exlib_assets.core.db.models import CourseContent, Deployment, DeploymentEvent
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.deployments.tracking import course_index
from exlib_assets.core.errors import ExlibError
from exlib_assets_tests.core.deployments.conftest import ASSIGNMENTS
from exlib_assets_tests.repositories import clone, commit_count, git, push_change

PATHS = ["week1.base", "week2.top"]


def remote(app) -> str:
    return app.git_host.push_url(ASSIGNMENTS)


def rows(app) -> dict[str, tuple[str, str | None]]:
    with app.db.session() as session:
        found = session.execute(
            sa.select(CourseContent.path, Deployment.status, Deployment.status_reason).join(Deployment)
        )
        return {path: (status, reason) for path, status, reason in found}


def failed_events(app) -> dict[str, str]:
    with app.db.session() as session:
        events = session.scalars(sa.select(DeploymentEvent).where(DeploymentEvent.event == "failed"))
        return {event.content_path: event.details["reason"] for event in events}


class LecturerPressedCtrlC:
    """A progress listener that interrupts the run after the first path, as Ctrl-C would."""

    def __call__(self, outcome, done, total):
        if done == 1:
            raise KeyboardInterrupt


def raise_runtime_error(outcome, done, total):
    raise RuntimeError("merge state is inconsistent")


@pytest.mark.parametrize(
    ("progress", "raised", "said"),
    [
        (raise_runtime_error, RuntimeError, "unexpected RuntimeError: merge state is inconsistent"),
        (LecturerPressedCtrlC(), KeyboardInterrupt, "interrupted (KeyboardInterrupt)"),
    ],
    ids=["runtime_error", "keyboard_interrupt"],
)
def test_whatever_a_run_raises_its_rows_end_failed_with_the_reason(app, course, progress, raised, said):
    with pytest.raises(raised):
        deploy_course(app, DeployRequest.deploy(course), progress)

    assert {path: status for path, (status, _) in rows(app).items()} == dict.fromkeys(PATHS, "failed")
    assert all(said in reason for _, reason in rows(app).values())
    assert set(failed_events(app)) == set(PATHS)
    assert commit_count(remote(app)) == 0
    # Nothing is left half done: the next run deploys both.
    assert {o.status for o in deploy_course(app, DeployRequest.deploy(course)).outcomes} == {"deployed"}


def test_the_reason_recorded_never_holds_a_secret(app, course):
    def fail_with_a_token_in_the_message(outcome, done, total):
        raise OSError("could not reach https://oauth2:glpat-SECRET123@gitlab.example.edu/prog1.git")

    with pytest.raises(OSError):
        deploy_course(app, DeployRequest.deploy(course), fail_with_a_token_in_the_message)

    for status, reason in rows(app).values():
        assert status == "failed" and "gitlab.example.edu/prog1.git" in reason and "glpat-SECRET123" not in reason
    assert all("glpat-SECRET123" not in reason for reason in failed_events(app).values())


def test_an_os_error_from_a_planted_metadata_file_fails_the_rows_naming_it(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))
    # `.course-metadata` pushed as a plain file: the run cannot write the course index below it.
    push_change(remote(app), tmp_path, lambda repo: _replace_with_file(repo / ".course-metadata"))

    with pytest.raises((OSError, ExlibError)):
        deploy_course(app, DeployRequest.deploy(course, ["week2.top"]))

    status, reason = rows(app)["week2.top"]
    assert status == "failed" and ".course-metadata" in reason
    assert ".course-metadata" in failed_events(app)["week2.top"]
    assert rows(app)["week1.base"] == ("deployed", None)  # not part of that run: left as it was


def _replace_with_file(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    folder.write_text("not a folder\n")


@pytest.mark.parametrize(
    ("planted", "problem"),
    [
        (b"{ this is not json", "is not valid JSON"),
        (b'{"entries": []}', "is not a JSON list of objects"),
        (b'["deployed week1", 2]', "is not a JSON list of objects"),
        (b"\xff\xfe[\x00]\x00", "is not UTF-8 text"),
    ],
    ids=["not_json", "an_object", "a_list_of_text", "not_utf8"],
)
def test_a_malformed_history_file_is_kept_aside_and_a_new_history_started(app, course, tmp_path, planted, problem):
    deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))
    push_change(
        remote(app), tmp_path, lambda repo: (repo / ".course-metadata/deployment-history.json").write_bytes(planted)
    )

    report = deploy_course(app, DeployRequest.deploy(course, ["week2.top"], actor="lecturer"))

    assert [o.status for o in report.outcomes] == ["deployed"]
    [note] = report.notes
    assert ".course-metadata/deployment-history.json" in note and problem in note
    repo = clone(remote(app), tmp_path / "after")
    [aside] = (repo / ".course-metadata").glob("deployment-history.unreadable-*.json")
    assert aside.read_bytes() == planted  # the lecturer's bytes, kept as they were
    assert aside.name in note
    history = json.loads((repo / ".course-metadata/deployment-history.json").read_text())
    assert [(entry["path"], entry["by"]) for entry in history] == [("week2.top", "lecturer")]
    assert "deployment-history.json" in git("log", "-1", "--format=%B", cwd=repo)
    assert rows(app)["week2.top"] == ("deployed", None)


def test_a_malformed_course_index_is_rebuilt_from_the_tracking_files(app, course, tmp_path):
    deploy_course(app, DeployRequest.deploy(course, ["week1.base"]))
    push_change(
        remote(app), tmp_path, lambda repo: (repo / ".course-metadata/deployed-examples.json").write_text("[[[")
    )

    report = deploy_course(app, DeployRequest.deploy(course, ["week2.top"]))

    assert [o.status for o in report.outcomes] == ["deployed"]
    repo = clone(remote(app), tmp_path / "after")
    index = (repo / ".course-metadata/deployed-examples.json").read_text()
    assert index == course_index(repo)
    assert [d["ltree_path"] for d in json.loads(index)["deployments"]] == PATHS


DAMAGED_TRACKING = {
    "not_json": b"{ broken",
    "a_list": b"[]",
    "files_not_an_object": json.dumps(
        {
            "example_id": "test.base",
            "example_version": "1.0",
            "digest": "sha256:0",
            "content_path": "week1.base",
            "deployed_at": "2026-01-01T00:00:00+00:00",
            "files": "solution.py",
        }
    ).encode(),
}


@pytest.mark.parametrize("planted", DAMAGED_TRACKING.values(), ids=DAMAGED_TRACKING.keys())
def test_a_damaged_tracking_file_fails_its_own_path_naming_it_and_the_others_deploy(
    app, course, make_example, tmp_path, planted
):
    deploy_course(app, DeployRequest.deploy(course))
    app.library.import_paths([make_example("top", version="1.1", dependencies=["test.base"], parent=tmp_path / "v")])
    push_change(remote(app), tmp_path, lambda repo: (repo / "week1/base/.example-library").write_bytes(planted))

    report = deploy_course(app, DeployRequest.deploy(course))

    assert {o.path: o.status for o in report.outcomes} == {"week1.base": "failed", "week2.top": "deployed"}
    status, reason = rows(app)["week1.base"]
    assert status == "failed"
    assert "the tracking file week1/base/.example-library in the assignments repository is damaged" in reason
    assert "restore it from git history" in reason
    repo = clone(remote(app), tmp_path / "after")
    index = json.loads((repo / ".course-metadata/deployed-examples.json").read_text())
    assert [d["ltree_path"] for d in index["deployments"]] == ["week2.top"]
    assert index["unreadable_tracking_files"] == ["week1/base/.example-library"]
    assert (repo / "week1/base/.example-library").read_bytes() == planted  # the lecturer's file is left alone
