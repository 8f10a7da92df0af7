"""The student views a template build keeps for the next one: a rebuild derives only the contents
whose files changed, still finds every leak, and ignores a kept view that is damaged."""

import shutil
from pathlib import Path

import pytest

from exlib_assets.core import courses
from exlib_assets.core.content_settings import apply_settings
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.sample import SAMPLE_COURSE_SLUG, SAMPLE_EXAMPLES, seed_sample
from exlib_assets.core.templates.builder import build_template
from exlib_assets.core.templates.view_cache import CACHE_FOLDER, rules_digest
from exlib_assets_tests.repositories import clone, push_change

SLUG = SAMPLE_COURSE_SLUG
CAESAR_TESTS = (SAMPLE_EXAMPLES / "py_caesar/test.yaml").read_bytes()
CAESAR_TEMPLATE = (SAMPLE_EXAMPLES / "py_caesar/studentTemplates/caesar.py").read_bytes()
# How caesar's kept view names its student caesar.py: the folder's template file, shipped as is.
CAESAR_SHIPPED = b'"same_as":"studentTemplates/caesar.py"'


def repository(app, role: str) -> str:
    return app.git_host.push_url(courses.repository_names(SLUG)[role])


def kept_views(app) -> Path:
    name = courses.repository_names(SLUG)["student_template"]
    return app.settings.home / "workspaces" / f"{name}.kept" / ".git" / CACHE_FOLDER


def change_assignments(app, tmp_path: Path, change) -> None:
    push_change(repository(app, "assignments"), tmp_path, change, "lecturer change")


def student_file(app, tmp_path: Path, relpath: str, name: str = "fork") -> bytes:
    return (clone(repository(app, "student_template"), tmp_path / name) / relpath).read_bytes()


@pytest.fixture
def built(app):
    """The sample course deployed and its template built once: every content's view is kept."""
    seed_sample(app)
    assert deploy_course(app, DeployRequest.deploy(SLUG)).ok
    report = build_template(app, SLUG)
    assert report.commit and set(report.derived) >= set(report.paths)
    return report


def test_a_rebuild_derives_only_the_content_whose_files_changed(app, built, tmp_path):
    def new_task_text(clone: Path) -> None:
        readme = clone / "week2/caesar/content/index.md"
        readme.write_text(readme.read_text() + "\nA new hint.\n")

    change_assignments(app, tmp_path, new_task_text)

    report = build_template(app, SLUG)

    assert report.derived == ["week2.caesar"]
    assert report.commit and report.written == ["week2/caesar/README.md"]
    assert student_file(app, tmp_path, "week2/caesar/README.md").endswith(b"A new hint.\n")
    assert set(report.paths) == set(built.paths)
    # Nothing changed since: nothing is derived again, and nothing is committed.
    again = build_template(app, SLUG)
    assert again.derived == [] and again.commit is None


def test_a_changed_file_that_leaks_is_scanned_again_and_held_back(app, built, tmp_path):
    def template_is_the_tests(clone: Path) -> None:
        (clone / "week2/caesar/studentTemplates/caesar.py").write_bytes(CAESAR_TESTS)

    change_assignments(app, tmp_path, template_is_the_tests)

    report = build_template(app, SLUG)

    assert report.derived == ["week2.caesar"]
    [held] = report.held_back
    assert held.path == "week2.caesar"
    assert "week2/caesar/caesar.py: identical to the excluded week2/caesar/test.yaml" in held.reason
    # Students keep the last release of that content, not the tests.
    assert student_file(app, tmp_path, "week2/caesar/caesar.py") == CAESAR_TEMPLATE


def test_a_kept_view_is_still_checked_against_the_secrets_of_changed_contents(app, built, tmp_path):
    """caesar did not change, so its view comes from the cache; but hello_world's test definition
    now holds caesar's data file, and the leak guard, run afresh over the whole template, sees it."""
    alphabet = (SAMPLE_EXAMPLES / "py_caesar/data/alphabet.txt").read_bytes()

    def hello_test_is_caesar_data(clone: Path) -> None:
        (clone / "week1/hello_world/test.yaml").write_bytes(alphabet)

    change_assignments(app, tmp_path, hello_test_is_caesar_data)

    report = build_template(app, SLUG)

    assert report.derived == ["week1.hello_world"]
    held = {content.path: content.reason for content in report.held_back}
    leak = "week2/caesar/data/alphabet.txt: identical to the excluded week1/hello_world/test.yaml"
    assert leak in held["week2.caesar"]


@pytest.mark.parametrize(
    "damage",
    [
        # The worst damage: the entry now says students get the solution; its checksum no longer fits.
        pytest.param(lambda raw: raw.replace(CAESAR_SHIPPED, b'"same_as":"caesar.py"'), id="points-at-solution"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: b"\xff\xfe not an entry", id="garbage"),
    ],
)
def test_a_damaged_kept_view_is_ignored_and_derived_again(app, built, tmp_path, damage):
    entries = list(kept_views(app).iterdir())
    assert len(entries) == len(built.derived)
    [caesar] = [entry for entry in entries if CAESAR_SHIPPED in entry.read_bytes()]
    caesar.write_bytes(damage(caesar.read_bytes()))

    def change_another_content(clone: Path) -> None:
        readme = clone / "week1/hello_world/content/index.md"
        readme.write_text(readme.read_text() + "\nMore.\n")

    change_assignments(app, tmp_path, change_another_content)

    report = build_template(app, SLUG)

    assert sorted(report.derived) == ["week1.hello_world", "week2.caesar"]
    assert report.held_back == [] and set(report.paths) == set(built.paths)
    assert report.written == ["week1/hello_world/README.md"]
    assert student_file(app, tmp_path, "week2/caesar/caesar.py") == CAESAR_TEMPLATE
    # The damaged entry was written again: the next build reuses every view.
    assert build_template(app, SLUG).derived == []


def test_without_its_working_copy_the_template_is_derived_whole_and_the_same(app, built, tmp_path):
    name = courses.repository_names(SLUG)["student_template"]
    shutil.rmtree(app.settings.home / "workspaces" / f"{name}.kept")

    report = build_template(app, SLUG)

    assert set(report.derived) == set(built.derived)
    assert report.commit is None  # the same template as before


def test_the_rules_are_found_so_views_are_kept():
    """A module of the rules renamed without updating view_cache would turn the cache off unseen."""
    assert rules_digest() is not None


def test_a_content_whose_course_settings_changed_is_derived_again(app, built, tmp_path):
    """Per-content values (title, points, deadline) are the course's, not the folder's: changing
    them leaves every file alone, and the kept view must still not be taken."""
    with app.db.session() as session:
        course = courses.require_course(session, SLUG)
        apply_settings(courses.require_content(session, course, "week2.caesar"), points="7")

    report = build_template(app, SLUG)

    assert report.derived == ["week2.caesar"]
    assert b"points: 7" in student_file(app, tmp_path, "week2/caesar/meta.yaml")
