"""A course's own title, points and deadline per content: in the student meta.yaml, never a customization,
kept through updates and roll-forward."""

from pathlib import Path

import pytest
import yaml

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.content_settings import apply_settings
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.rollforward import roll_forward
from exlib_assets.core.templates.builder import build_template
from exlib_assets.core.updates.status import status_of_contents
from exlib_assets.core.updates.updater import update_course
from exlib_assets_tests.core.contributions.conftest import NOTES, create_courses
from exlib_assets_tests.repositories import clone


def set_values(app: App, slug: str, **values) -> dict:
    with app.db.session() as session:
        content = courses.require_content(session, courses.require_course(session, slug), "week1.caesar")
        return apply_settings(content, **values)


def student_meta(app: App, slug: str, tmp_path: Path, name: str) -> dict:
    build_template(app, slug)
    copy = clone(app.git_host.push_url(f"{slug}-student-template"), tmp_path / name)
    return yaml.safe_load((copy / "week1" / "caesar" / "meta.yaml").read_text())


@pytest.fixture
def course(app: App, make_example) -> str:
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
    create_courses(app, "prog1_2025")
    return "prog1_2025"


def test_values_reach_the_student_meta_yaml_and_never_customize(app: App, course, tmp_path) -> None:
    set_values(app, course, title="Caesar, week 1", points="10", deadline="2025-11-30T23:59+01:00")

    meta = student_meta(app, course, tmp_path, "first")

    assert (meta["title"], meta["points"], meta["deadline"]) == ("Caesar, week 1", 10, "2025-11-30T23:59+01:00")
    [content] = status_of_contents(app, course).contents
    assert (content.deployed, content.customized) == ("1.0", [])


def test_values_survive_an_update_and_roll_forward(app: App, course, make_example, tmp_path) -> None:
    set_values(app, course, points="7.5", deadline="2025-12-01")
    assert app.library.import_paths(
        [make_example("caesar", version="1.1", files={"notes.txt": NOTES + "more\n"}, parent=tmp_path / "next")]
    ).ok
    assert update_course(app, course).ok

    updated = student_meta(app, course, tmp_path, "updated")
    assert (updated["version"], updated["points"], updated["deadline"]) == ("1.1", 7.5, "2025-12-01")
    assert updated["title"] == "Caesar"  # the example's own where the course sets none

    roll_forward(app, course, "prog1_2026")
    rolled = student_meta(app, "prog1_2026", tmp_path, "rolled")
    assert (rolled["points"], rolled["deadline"]) == (7.5, "2025-12-01")


def test_clearing_a_value_brings_the_examples_own_back(app: App, course, tmp_path) -> None:
    set_values(app, course, title="Mine")
    assert set_values(app, course, clear=("title",)) == {}
    assert student_meta(app, course, tmp_path, "cleared")["title"] == "Caesar"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"points": "ten"}, "points must be a number"),
        ({"points": "-1"}, "between 0"),
        ({"deadline": "next friday"}, "ISO 8601"),
        ({"title": "  "}, "title must be"),
        ({"clear": ("colour",)}, "cannot clear colour"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_kept(app: App, course, values, message) -> None:
    set_values(app, course, points="3")
    with pytest.raises(ExlibError, match=message):
        set_values(app, course, **{"title": "New", **values})
    with app.db.session() as session:
        content = courses.require_content(session, courses.require_course(session, course), "week1.caesar")
        assert content.settings == {"points": 3}
