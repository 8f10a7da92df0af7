"""The student views a template build keeps for the next one: a rebuild derives only the contents
whose files changed, still finds every leak, and ignores a kept view that is damaged."""

import hashlib
import json
import os
import shutil
import sys
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


def _rewritten(raw: bytes, change) -> bytes:
    """The entry with `change` applied to its body and a checksum that fits the new body."""
    body = json.loads(raw.partition(b"\n")[2])
    change(body)
    encoded = json.dumps(body, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest().encode() + b"\n" + encoded


def _first_shipped(body: dict) -> dict:
    return next(kept for kept in body["files"].values() if "same_as" in kept)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda body: body["text_digests"].update({"0" * 64: "not a digest"}), id="scan-not-a-digest"),
        pytest.param(lambda body: body["text_digests"].update({"A" * 64: "0" * 64}), id="uppercase-digest"),
        pytest.param(lambda body: body["markers"].update({"0" * 64: ["1"]}), id="marker-line-not-a-number"),
        pytest.param(lambda body: body["markers"].update({"0" * 64: 1}), id="marker-lines-not-a-list"),
        pytest.param(lambda body: _first_shipped(body).update(sha256="0" * 63), id="short-file-digest"),
        pytest.param(lambda body: _first_shipped(body).update(sha256=["0" * 64]), id="file-digest-not-a-string"),
        pytest.param(lambda body: _first_shipped(body).update(blob="0" * 40 + "\n" + "0" * 40), id="two-blob-ids"),
        pytest.param(lambda body: _first_shipped(body).update(same_as=7), id="shipped-path-not-a-string"),
    ],
)
def test_a_kept_view_with_a_fitting_checksum_but_values_this_code_never_writes_is_derived_again(
    app, built, tmp_path, change
):
    entries = list(kept_views(app).iterdir())
    [caesar] = [entry for entry in entries if CAESAR_SHIPPED in entry.read_bytes()]
    caesar.write_bytes(_rewritten(caesar.read_bytes(), change))

    report = build_template(app, SLUG)

    assert report.derived == ["week2.caesar"]
    assert report.held_back == [] and report.commit is None
    assert student_file(app, tmp_path, "week2/caesar/caesar.py") == CAESAR_TEMPLATE


def test_a_kept_view_rewritten_with_a_fitting_checksum_and_sound_values_is_used(app, built):
    """The other side of the test above: the checks refuse what is malformed, not what is merely
    rewritten (the same values, encoded again)."""
    entries = list(kept_views(app).iterdir())
    [caesar] = [entry for entry in entries if CAESAR_SHIPPED in entry.read_bytes()]
    caesar.write_bytes(_rewritten(caesar.read_bytes(), lambda body: None))

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


# Files Python opens, by path, while `_OPENED` is a list: what a build reads from the working
# copies, seen through the interpreter's own audit events (an audit hook cannot be removed, so it
# records only while a test asks it to).
_OPENED: list[str] | None = None


def _record_open(event: str, args: tuple) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_record_open)


def build_and_see_reads(app) -> tuple[object, list[str]]:
    """build_template, and the files it opened in the assignments working copy (paths inside it)."""
    global _OPENED
    name = courses.repository_names(SLUG)["assignments"]
    working_copy = str(app.settings.home / "workspaces" / f"{name}.kept") + os.sep
    _OPENED = []
    try:
        report = build_template(app, SLUG)
    finally:
        opened, _OPENED = _OPENED, None
    return report, sorted({path.removeprefix(working_copy) for path in opened if path.startswith(working_copy)})


def archive_the_notebook(app) -> None:
    """With a notebook in the template, the leak guard compares it with every secret's text, so
    it reads them all; without one, secrets of unchanged contents are compared by digest only."""
    with app.db.session() as session:
        course = courses.require_course(session, SLUG)
        courses.require_content(session, course, "week5.grades_notebook").archived = True
    assert build_template(app, SLUG).derived == []


def test_a_rebuild_reads_only_the_folder_of_the_changed_content(app, built, tmp_path):
    archive_the_notebook(app)

    def new_hint(clone: Path) -> None:
        readme = clone / "week2/caesar/content/index.md"
        readme.write_text(readme.read_text() + "\nA new hint.\n")

    change_assignments(app, tmp_path, new_hint)

    report, opened = build_and_see_reads(app)

    assert report.derived == ["week2.caesar"] and report.written == ["week2/caesar/README.md"]
    # An unchanged content's files are not read: its secrets and the files it ships unchanged are
    # judged by the digests kept with its view, and its template files are already committed.
    # (What exlib keeps for itself inside `.git`, such as the settled mark, is not a content's file.)
    assert [path for path in opened if not path.startswith(("week2/caesar/", ".git/"))] == []
    assert "week2/caesar/meta.yaml" in opened and "week2/caesar/caesar.py" in opened


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda clone: (clone / "week2/caesar/data/alphabet.txt").write_text("zyx\n"), id="nested-file"),
        pytest.param(lambda clone: (clone / "week2/caesar/data/alphabet.txt").chmod(0o755), id="mode-only"),
        pytest.param(lambda clone: (clone / "week2/caesar/data/more.txt").write_text("new\n"), id="new-file"),
        pytest.param(lambda clone: (clone / "week2/caesar/data/alphabet.txt").unlink(), id="removed-file"),
    ],
)
def test_any_change_below_a_content_folder_changes_its_tree_and_derives_it_again(app, built, tmp_path, change):
    change_assignments(app, tmp_path, change)

    report = build_and_see_reads(app)[0]

    assert report.derived == ["week2.caesar"]


def test_a_changed_gitattributes_reads_every_content_again(app, built, tmp_path):
    """What git checks out depends on .gitattributes outside the folders (line endings)."""
    change_assignments(app, tmp_path, lambda clone: (clone / ".gitattributes").write_text("*.md text\n"))

    report = build_template(app, SLUG)

    assert set(report.derived) == set(built.derived)


def test_a_new_file_leaking_an_unchanged_contents_secret_is_caught_without_reading_it(app, built, tmp_path):
    """caesar did not change: its tests are compared through the digests kept with its view,
    unread, and hello_world's new student file equal to them is still held back."""
    archive_the_notebook(app)

    def hello_template_is_caesar_tests(clone: Path) -> None:
        (clone / "week1/hello_world/studentTemplates/hello.py").write_bytes(CAESAR_TESTS)

    change_assignments(app, tmp_path, hello_template_is_caesar_tests)

    report, opened = build_and_see_reads(app)

    assert report.derived == ["week1.hello_world"]
    held = {content.path: content.reason for content in report.held_back}
    assert "week1/hello_world/hello.py: identical to the excluded week2/caesar/test.yaml" in held["week1.hello_world"]
    assert "week2/caesar/test.yaml" not in opened
    assert student_file(app, tmp_path, "week1/hello_world/hello.py") != CAESAR_TESTS


def test_a_kept_view_under_another_key_is_ignored(app, built, tmp_path):
    """An entry whose body (checksum intact) belongs to another content or tree is stale: it is
    not taken, whatever file name it has."""
    entries = sorted(kept_views(app).iterdir())
    [caesar] = [entry for entry in entries if CAESAR_SHIPPED in entry.read_bytes()]
    other = next(entry for entry in entries if entry != caesar)
    caesar.write_bytes(other.read_bytes())

    report = build_template(app, SLUG)

    assert report.derived == ["week2.caesar"]
    assert report.commit is None and student_file(app, tmp_path, "week2/caesar/caesar.py") == CAESAR_TEMPLATE


def test_a_kept_file_removed_from_the_template_by_another_push_is_written_back_from_the_assignments(
    app, built, tmp_path
):
    """The kept view knows hello.py by its digests only; the template lost it, so it is read and
    written again, with the bytes the assignments repository holds."""
    expected = student_file(app, tmp_path, "week1/hello_world/hello.py", name="before")
    push_change(
        repository(app, "student_template"),
        tmp_path,
        lambda clone: (clone / "week1/hello_world/hello.py").unlink(),
        "someone else's push",
    )

    report = build_template(app, SLUG)

    assert report.derived == [] and report.written == ["week1/hello_world/hello.py"]
    assert student_file(app, tmp_path, "week1/hello_world/hello.py") == expected
