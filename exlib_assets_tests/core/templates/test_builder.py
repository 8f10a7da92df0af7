"""Building student templates from real assignments repositories, and a student forking one."""

import gc
from pathlib import Path

import pytest

from exlib_assets.core import courses
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.sample import SAMPLE_COURSE_SLUG, SAMPLE_EXAMPLES, seed_sample
from exlib_assets.core.templates.builder import build_template
from exlib_assets_tests.core.test_collector import freeze_counts_at_collections
from exlib_assets_tests.repositories import clone, commit_count, push_change

SLUG = SAMPLE_COURSE_SLUG

# What a student of the sample course gets: task text, templates, starters, data and media of
# every deployed example (Python, C, Julia, R, Octave, a notebook, R Markdown); no solution, test
# or tracking file.
EXPECTED_FORK = {
    "README.md",
    "week1/fibonacci/README.md",
    "week1/fibonacci/README_de.md",
    "week1/fibonacci/fibonacci.py",
    "week1/fibonacci/mediaFiles/fib_tree.svg",
    "week1/fibonacci/meta.yaml",
    "week1/hello_world/README.md",
    "week1/hello_world/README_de.md",
    "week1/hello_world/hello.py",
    "week1/hello_world/meta.yaml",
    "week1/strings_util/README.md",
    "week1/strings_util/meta.yaml",
    "week1/strings_util/strings_util.py",
    "week2/caesar/README.md",
    "week2/caesar/README_de.md",
    "week2/caesar/caesar.py",
    "week2/caesar/data/alphabet.txt",
    "week2/caesar/mediaFiles/caesar_wheel.svg",
    "week2/caesar/meta.yaml",
    "week2/caesar_breaker/README.md",
    "week2/caesar_breaker/breaker.py",
    "week2/caesar_breaker/data/english_letter_freq.csv",
    "week2/caesar_breaker/data/input/ciphertext.txt",
    "week2/caesar_breaker/meta.yaml",
    "week2/matrix_ops/README.md",
    "week2/matrix_ops/matrix_ops.py",
    "week2/matrix_ops/meta.yaml",
    "week3/linked_list/Makefile",
    "week3/linked_list/README.md",
    "week3/linked_list/list.c",
    "week3/linked_list/list.h",
    "week3/linked_list/meta.yaml",
    "week3/newton/README.md",
    "week3/newton/meta.yaml",
    "week3/newton/newton.jl",
    "week3/stack/README.md",
    "week3/stack/meta.yaml",
    "week3/stack/stack.c",
    "week3/stack/stack.h",
    "week4/descriptive/README.md",
    "week4/descriptive/README_de.md",
    "week4/descriptive/data/input/values.csv",
    "week4/descriptive/descriptive.R",
    "week4/descriptive/meta.yaml",
    "week4/vector_norm/README.md",
    "week4/vector_norm/mediaFiles/unit_balls.svg",
    "week4/vector_norm/meta.yaml",
    "week4/vector_norm/vector_norm.m",
    "week5/grades_notebook/README.md",
    "week5/grades_notebook/grades.ipynb",
    "week5/grades_notebook/meta.yaml",
    "week5/heights_report/README.md",
    "week5/heights_report/data/heights.csv",
    "week5/heights_report/meta.yaml",
    "week5/heights_report/report.Rmd",
}


def repository(app, role: str) -> str:
    return app.git_host.push_url(courses.repository_names(SLUG)[role])


def fork(app, tmp_path: Path, name: str = "student") -> Path:
    """What a student does: clone the template."""
    return clone(repository(app, "student_template"), tmp_path / "forks" / name)


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts}


def template_commits(app) -> int:
    return commit_count(repository(app, "student_template"))


def push_to_assignments(app, tmp_path: Path, change, message: str) -> None:
    push_change(repository(app, "assignments"), tmp_path, change, message)


@pytest.fixture
def sample_course(app):
    seed_sample(app)
    report = deploy_course(app, DeployRequest.deploy(SLUG))
    assert report.ok, [o.reason for o in report.outcomes if not o.ok]
    return report


def test_a_student_fork_holds_exactly_the_student_files(app, sample_course, tmp_path):
    report = build_template(app, SLUG, actor="lecturer")

    assert report.source_commit == sample_course.commit and report.commit
    student = fork(app, tmp_path)
    files = files_in(student)
    assert files == EXPECTED_FORK
    template = (SAMPLE_EXAMPLES / "py_caesar/studentTemplates/caesar.py").read_bytes()
    assert (student / "week2/caesar/caesar.py").read_bytes() == template
    solutions = {
        p.read_bytes()
        for name in (
            "py_caesar/caesar.py",
            "c_stack/stack.c",
            "julia_newton/newton.jl",
            "octave_vector_norm/vector_norm.m",
            "r_descriptive/descriptive.R",
            "py_grades_notebook/grades.ipynb",
            "r_heights_report/report.Rmd",
        )
        for p in [SAMPLE_EXAMPLES / name]
    }
    assert not [f for f in files if (student / f).read_bytes() in solutions]
    readme = (student / "README.md").read_text()
    assert readme.index("Week 1") < readme.index("Hello world") < readme.index("Caesar cipher")
    assert "[Caesar cipher](week2/caesar/)" in readme
    assert set(report.paths) == {o.path for o in sample_course.outcomes}
    with app.db.session() as session:
        course = courses.require_course(session, SLUG)
        assert (course.template_source_commit, course.template_commit) == (report.source_commit, report.head)


def test_building_again_with_nothing_changed_makes_no_commit(app, sample_course):
    build_template(app, SLUG)

    again = build_template(app, SLUG)

    assert again.commit is None and again.written == [] and again.removed == []
    assert template_commits(app) == 1


def test_unassigned_and_unreleased_contents_disappear_in_one_commit(app, sample_course, tmp_path):
    build_template(app, SLUG)
    with app.db.session() as session:
        course = courses.require_course(session, SLUG)
        courses.unassign(session, courses.require_content(session, course, "week1.fibonacci"))
    deploy_course(app, DeployRequest.deploy(SLUG))

    report = build_template(app, SLUG, only=["week1", "week2"])

    assert template_commits(app) == 2
    files = files_in(fork(app, tmp_path))
    assert not [f for f in files if f.startswith(("week1/fibonacci/", "week3/", "week4/"))]
    assert "week2/caesar/caesar.py" in files
    assert report.left_out["week3.stack"] == "not released"
    assert set(report.removed) >= {"week1/fibonacci/README.md", "week3/stack/stack.c"}
    # The release is kept for the next build, until everything is released again.
    assert build_template(app, SLUG).commit is None
    everything = build_template(app, SLUG, release_all=True)
    assert "week3.stack" in everything.paths


def test_unknown_release_path_is_refused_and_nothing_is_pushed(app, sample_course):
    from exlib_assets.core.errors import NotFoundError

    with pytest.raises(NotFoundError, match="week9"):
        build_template(app, SLUG, only=["week9"])

    assert template_commits(app) == 0


def test_traditional_content_is_left_out_unless_it_lists_student_files(app, sample_course, tmp_path):
    def add_project(clone: Path) -> None:
        (clone / "week4/project").mkdir(parents=True)
        (clone / "week4/project/task.md").write_text("# Final project\n")
        (clone / "week4/project/solution.py").write_text("print('the answer')\n")

    push_to_assignments(app, tmp_path, add_project, "traditional project")
    hidden = build_template(app, SLUG)
    assert "week4.project" not in hidden.paths and not (fork(app, tmp_path, "a") / "week4/project").exists()

    push_to_assignments(
        app, tmp_path, lambda clone: (clone / "week4/project/.studentfiles").write_text("task.md\n"), "release"
    )
    shown = build_template(app, SLUG)

    assert "week4.project" in shown.paths
    assert files_in(fork(app, tmp_path, "b") / "week4/project") == {"task.md"}


def test_a_symlink_in_the_assignments_repository_is_never_followed(app, sample_course, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("a file of the machine building the template\n")

    def add_links(clone: Path) -> None:
        (clone / "week4/project").mkdir(parents=True)
        (clone / "week4/project/task.md").write_text("# Final project\n")
        (clone / "week4/project/.studentfiles").write_text("*\n")
        (clone / "week4/project/notes.md").symlink_to(outside)
        (clone / "week4/vector_norm/hint.m").symlink_to(outside)

    push_to_assignments(app, tmp_path, add_links, "links pointing outside")
    build_template(app, SLUG)

    student = fork(app, tmp_path)
    assert files_in(student / "week4/project") == {"task.md"}
    assert not (student / "week4/vector_norm/hint.m").exists()
    assert not [f for f in files_in(student) if b"machine building the template" in (student / f).read_bytes()]


def test_a_leak_is_held_back_and_the_rest_is_released(app, sample_course, tmp_path):
    # caesar's test specification, shipped under another name by a lecturer's pattern.
    solution = (SAMPLE_EXAMPLES / "py_caesar/test.yaml").read_bytes()

    def leak(clone: Path) -> None:
        (clone / "week4/project").mkdir(parents=True)
        (clone / "week4/project/hint.yaml").write_bytes(solution)
        (clone / "week4/project/.studentfiles").write_text("*.yaml\n")

    push_to_assignments(app, tmp_path, leak, "oops")

    report = build_template(app, SLUG)

    [held] = report.held_back
    assert held.path == "week4.project" and held.kept == []
    assert "week4/project/hint.yaml: identical to the excluded week2/caesar/test.yaml" in held.reason
    assert template_commits(app) == 1
    files = files_in(fork(app, tmp_path))
    assert files == EXPECTED_FORK


def test_a_build_sets_the_objects_alive_before_it_aside_from_its_collections(app, sample_course):
    alive_before = len(gc.get_objects())

    with freeze_counts_at_collections() as seen:
        report = build_template(app, SLUG)

    assert report.commit is not None
    looking_at_everything = [count for count in seen if count < alive_before * 0.9]
    # One collection may fall between the call and the moment the objects are set aside, and one
    # after they are handed back; every other one skipped them.
    assert len(looking_at_everything) <= 2
    assert len(seen) > 2 * len(looking_at_everything)
    assert gc.get_freeze_count() == 0
