"""Student templates of a library written elsewhere, and contents held back while the rest is released."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import DeploymentEvent
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.history import describe
from exlib_assets.core.templates.builder import build_template
from exlib_assets.core.templates.leak_guard import LeakError
from exlib_assets.core.templates.markers import STUB_TEXT
from exlib_assets_tests.repositories import clone, commit_count, push_change
from exlib_assets_tests.stranger_library import SECRET_LINE, STRANGER_COURSE, create_stranger_course

SLUG = STRANGER_COURSE


def url(app, role: str) -> str:
    return app.git_host.push_url(courses.repository_names(SLUG)[role])


def fork(app, tmp_path: Path, name: str) -> Path:
    return clone(url(app, "student_template"), tmp_path / "forks" / name)


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }


def held_back_rows(app) -> list[DeploymentEvent]:
    with app.db.session() as session:
        rows = session.scalars(sa.select(DeploymentEvent).where(DeploymentEvent.event == "template_held_back")).all()
        session.expunge_all()
        return list(rows)


@pytest.fixture
def stranger(app, tmp_path):
    return create_stranger_course(app, tmp_path / "library")


def test_every_shape_of_a_stranger_library_reaches_the_template(app, stranger, tmp_path):
    report = build_template(app, SLUG)

    assert report.held_back == [] and report.commit
    assert sorted(report.paths) == sorted(stranger)
    student = files_in(fork(app, tmp_path, "student"))
    # An example without identifier or slug, deployed at week3/stack: its identity is its tracking file's.
    assert student["week3/stack/stack.py"] == b"class Stack:\n    def push(self, x):\n        ...\n"
    # Data students read, with the same bytes kept beside the tests, is no leak.
    assert student["week2/parse/data.json"] == b'{"values": [3, 1, 2]}\n'
    assert not [path for path in student if "localTests" in path or path.endswith("test_parse.py")]
    # Old form, Windows line endings: stripped, line endings kept.
    shout = student["week1/shout/shout.py"]
    assert b"upper()" not in shout and f"pass  # {STUB_TEXT}\r\n".encode() in shout


@pytest.mark.parametrize(
    ("path", "codec", "bom"),
    [
        ("week4/utf16/answer.py", "utf-16-le", b""),
        ("week4/utf16be/answer.py", "utf-16-be", b"\xfe\xff"),
        ("week4/utf32/answer.py", "utf-32-le", b"\xff\xfe\x00\x00"),
    ],
)
def test_utf16_and_utf32_templates_are_stripped_in_their_own_encoding(app, stranger, tmp_path, path, codec, bom):
    build_template(app, SLUG)

    shipped = files_in(fork(app, tmp_path, "student"))[path]

    assert shipped.startswith(bom)
    text = shipped[len(bom) :].decode(codec)
    assert SECRET_LINE not in text and "SOLUTION" not in text
    assert f"pass  # {STUB_TEXT}" in text and text.startswith("def answer():")


def test_readme_from_the_examples_language_when_only_translations_exist(app, stranger, tmp_path):
    build_template(app, SLUG)

    student = files_in(fork(app, tmp_path, "student"))

    assert student["week1/greet/README.md"] == b"# Hallo\n"  # meta.yaml says `language: de`
    assert student["week1/greet/README_de.md"] == b"# Hallo\n"
    assert student["week1/greet/README_en.md"] == b"# Hello\n"


def test_a_broken_content_keeps_its_last_release_and_the_rest_is_released(app, stranger, tmp_path):
    build_template(app, SLUG)
    before = files_in(fork(app, tmp_path, "before"))

    def break_shout_and_edit_parse(clone: Path) -> None:
        (clone / "week1/shout/meta.yaml").write_text("version: [1.0\n")
        (clone / "week1/shout/studentTemplates/shout.py").write_text("def shout(text):\n    pass  # new\n")
        (clone / "week2/parse/data.json").write_text('{"values": [9]}\n')

    push_change(url(app, "assignments"), tmp_path, break_shout_and_edit_parse, "a lecturer's edits")
    report = build_template(app, SLUG, actor="lecturer")

    [held] = report.held_back
    assert held.path == "week1.shout" and "meta.yaml is not valid YAML" in held.reason
    assert held.kept == sorted(path for path in before if path.startswith("week1/shout/"))
    assert "week1.shout" not in report.paths and "week2.parse" in report.paths
    after = files_in(fork(app, tmp_path, "after"))
    assert {p: d for p, d in after.items() if p.startswith("week1/shout/")} == {
        p: d for p, d in before.items() if p.startswith("week1/shout/")
    }
    assert after["week2/parse/data.json"] == b'{"values": [9]}\n'
    assert "[shout](week1/shout/)" in after["README.md"].decode()
    [row] = held_back_rows(app)
    assert (row.content_path, row.actor, row.commit_sha) == ("week1.shout", "lecturer", report.head)
    assert "meta.yaml is not valid YAML" in row.details["reason"] and row.details["kept_files"] == len(held.kept)
    shown = "held back from the student template: Example 'week1/shout': meta.yaml is not valid"
    assert describe(row).startswith(shown)
    with app.db.session() as session:
        released = session.scalars(
            sa.select(DeploymentEvent).where(DeploymentEvent.event == "template_released").order_by(DeploymentEvent.id)
        ).all()
        assert released[-1].details["held_back"] == ["week1.shout"]
        assert "week2.parse" in released[-1].details["contents"]


def test_a_content_never_released_is_left_out_while_held_back(app, stranger, tmp_path):
    def unbalanced(clone: Path) -> None:
        (clone / "week3/stack/studentTemplates/stack.py").write_text("# BEGIN SOLUTION\nx = 1\n")

    push_change(url(app, "assignments"), tmp_path, unbalanced, "half a region")
    report = build_template(app, SLUG)

    [held] = report.held_back
    assert held.path == "week3.stack" and held.kept == []
    assert "BEGIN SOLUTION` is never closed" in held.reason
    student = files_in(fork(app, tmp_path, "student"))
    assert not [path for path in student if path.startswith("week3/")]
    assert "week2/parse/data.json" in student and "week3/stack" not in student["README.md"].decode()


def test_a_leaking_content_is_held_back_and_its_leak_never_published(app, stranger, tmp_path):
    build_template(app, SLUG)

    def copy_the_solution(clone: Path) -> None:
        # The template made equal to its reference solution, with Windows line endings.
        solution = (clone / "week2/parse/parse.py").read_bytes()
        (clone / "week2/parse/studentTemplates/parse.py").write_bytes(solution.replace(b"\n", b"\r\n"))

    push_change(url(app, "assignments"), tmp_path, copy_the_solution, "oops")
    report = build_template(app, SLUG)

    [held] = report.held_back
    assert held.path == "week2.parse"
    assert "week2/parse/parse.py: same as the excluded week2/parse/parse.py apart from line endings" in held.reason
    student = files_in(fork(app, tmp_path, "student"))
    assert student["week2/parse/parse.py"] == b"import json\ndef values():\n    ...\n"  # the last release
    assert not [path for path, data in student.items() if b"sorted(json.load" in data]
    assert {"week1.shout", "week3.stack", "week4.utf16"} <= set(report.paths)


def test_undecodable_file_with_marker_words_is_held_back(app, stranger, tmp_path):
    def latin1(clone: Path) -> None:
        template = "# Caf\xe9\ndef answer():\n    # BEGIN SOLUTION\n    return 42\n    # END SOLUTION\n"
        (clone / "week4/utf32/studentTemplates/answer.py").write_bytes(template.encode("latin-1"))

    push_change(url(app, "assignments"), tmp_path, latin1, "saved as Latin-1")
    report = build_template(app, SLUG)

    [held] = report.held_back
    assert held.path == "week4.utf32" and "is not text exlib can read" in held.reason
    assert not [path for path in files_in(fork(app, tmp_path, "student")) if path.startswith("week4/utf32/")]
    assert "week4.utf16" in report.paths


def test_dry_run_reports_what_would_be_held_back_and_pushes_nothing(app, stranger, tmp_path):
    def damage(clone: Path) -> None:
        (clone / "week3/stack/.example-library").write_text("{not json")

    push_change(url(app, "assignments"), tmp_path, damage, "damaged tracking file")
    report = build_template(app, SLUG, dry_run=True)

    [held] = report.held_back
    assert held.path == "week3.stack" and ".example-library is damaged" in held.reason
    assert report.commit is None and held_back_rows(app) == []


def test_a_marker_in_a_content_title_refuses_the_course_readme_and_pushes_nothing(app, stranger):
    with app.db.session() as session:
        course = courses.require_course(session, SLUG)
        courses.require_content(session, course, "week1.shout").title = "Shout -- END SOLUTION"

    with pytest.raises(LeakError, match="README.md: a solution or hidden-test marker"):
        build_template(app, SLUG)
    assert commit_count(url(app, "student_template")) == 0


def test_a_broken_meta_yaml_does_not_make_the_same_examples_data_a_secret_elsewhere(app, stranger, tmp_path):
    # The same example twice; one copy's meta.yaml breaks. Its secrets are known from the
    # library's meta.yaml of the deployed version, so the other copy's data.json is no leak.
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.require_course(session, SLUG)
        courses.assign(session, library, courses.add_content(session, course, "week5.parse"), "stranger.parse")
    deploy_course(app, DeployRequest.deploy(SLUG))

    def break_meta(clone: Path) -> None:
        (clone / "week2/parse/meta.yaml").write_text("version: [1.0\n")

    push_change(url(app, "assignments"), tmp_path, break_meta, "broken meta.yaml")
    report = build_template(app, SLUG)

    assert [held.path for held in report.held_back] == ["week2.parse"]
    assert "week5.parse" in report.paths
    assert "week5/parse/data.json" in files_in(fork(app, tmp_path, "student"))
