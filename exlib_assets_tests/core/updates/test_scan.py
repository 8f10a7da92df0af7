"""scan_course reads only what changed since the last scan, from an incrementally fetched mirror."""

import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.updates.scan import mirror_of, scan_course
from exlib_assets_tests.lesson_course import deployment
from exlib_assets_tests.repositories import git, push_change

PATHS = ["week1.one", "week1.two", "week2.three"]


@pytest.fixture
def course(app, make_example):
    app.library.import_paths([make_example(name) for name in ("one", "two", "three")])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1")
        for path in PATHS:
            courses.assign(session, library, courses.add_content(session, course, path), f"test.{path.split('.')[1]}")
    deploy_course(app, DeployRequest.deploy("prog1"))
    return "prog1"


def remote(app) -> str:
    return app.git_host.push_url("prog1-assignments")


def test_the_first_scan_reads_every_deployment_and_the_next_only_what_changed(app, course, tmp_path):
    first = scan_course(app, course)
    assert first.since is None and first.folders_read == PATHS and first.customized == []

    copy = push_change(remote(app), tmp_path, lambda repo: (repo / "week1/two/solution.py").write_text("# mine\n"))
    edit = git("rev-parse", "HEAD", cwd=copy).strip()

    second = scan_course(app, course)

    assert second.since == first.head and second.head == edit
    assert second.files_changed == 1 and second.folders_read == ["week1.two"]
    assert second.customized == ["week1.two"]
    state = deployment(app, "week1.two")
    assert (state["customized"], state["customized_commit"]) == (["~solution.py"], edit)

    third = scan_course(app, course)
    assert (third.files_changed, third.folders_read) == (0, [])


def test_undoing_the_edit_clears_the_customization(app, course, tmp_path):
    scan_course(app, course)
    push_change(remote(app), tmp_path, lambda repo: (repo / "week2/three/extra.txt").write_text("notes\n"))
    assert scan_course(app, course).customized == ["week2.three"]
    assert deployment(app, "week2.three")["customized"] == ["+extra.txt"]

    push_change(remote(app), tmp_path, lambda repo: (repo / "week2/three/extra.txt").unlink())

    assert scan_course(app, course).no_longer_customized == ["week2.three"]
    assert deployment(app, "week2.three")["customized"] is None


def test_the_mirror_is_fetched_not_cloned_again(app, course, tmp_path):
    scan_course(app, course)
    objects = mirror_of(app, course).folder / "objects"
    before = {path: path.stat().st_ino for path in objects.rglob("*") if path.is_file()}
    push_change(remote(app), tmp_path, lambda repo: (repo / "week1/one/solution.py").write_text("# x\n"))

    scan_course(app, course)

    after = {path: path.stat().st_ino for path in objects.rglob("*") if path.is_file()}
    # Everything fetched the first time is still there, untouched; only the new commit was added.
    assert before and all(after.get(path) == inode for path, inode in before.items())
    assert len(after) > len(before)


def test_a_force_pushed_history_is_read_again_in_full(app, course, tmp_path):
    scan_course(app, course)
    copy = push_change(remote(app), tmp_path, lambda repo: (repo / "week1/one/solution.py").write_text("# x\n"))
    scan_course(app, course)
    git("reset", "-q", "--hard", "HEAD~1", cwd=copy)
    git("push", "-q", "--force", "origin", "main", cwd=copy)

    rescanned = scan_course(app, course)

    assert rescanned.since is None and rescanned.folders_read == PATHS
    assert rescanned.no_longer_customized == ["week1.one"]


def test_a_damaged_tracking_file_is_a_problem_naming_it_and_the_other_folders_are_read(app, course, tmp_path):
    scan_course(app, course)

    def damage_one_and_edit_another(repo):
        (repo / "week1/one/.example-library").write_text("{ broken")
        (repo / "week1/two/solution.py").write_text("# mine\n")

    push_change(remote(app), tmp_path, damage_one_and_edit_another)

    report = scan_course(app, course)

    [problem] = report.problems
    assert problem.startswith("week1.one: the tracking file week1/one/.example-library")
    assert "is damaged" in problem and "restore it from git history" in problem
    assert report.customized == ["week1.two"]
