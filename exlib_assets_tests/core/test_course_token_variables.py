"""Each course reads its own GitLab token variable: a slug whose variable another course already
reads (`prog1-2026` next to `prog1_2026`) is refused, with nothing created."""

import pytest

from exlib_assets.core import courses
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.settings import course_token_variable


def test_a_course_whose_token_variable_another_course_reads_is_refused(app):
    with app.db.session() as session:
        courses.create_course(session, app.git_host, "prog1_2026")

    with pytest.raises(ExlibError) as refused, app.db.session() as session:
        courses.create_course(session, app.git_host, "prog1-2026")

    message = str(refused.value)
    assert "course 'prog1-2026' cannot be created" in message
    assert "EXLIB_GITLAB_TOKEN__PROG1_2026" in message and "course 'prog1_2026' already reads" in message
    assert "Choose a slug that differs in a letter or digit" in message
    with app.db.session() as session:
        assert [course.slug for course in courses.list_courses(session)] == ["prog1_2026"]
    assert not app.git_host.repository_exists("prog1-2026-assignments")
    assert not app.git_host.repository_exists("prog1-2026-student-template")


def test_the_refusal_works_both_ways_and_other_slugs_are_untouched(app):
    with app.db.session() as session:
        courses.create_course(session, app.git_host, "stats-2-0")
        courses.create_course(session, app.git_host, "stats-2-1")
    with pytest.raises(ExlibError, match="EXLIB_GITLAB_TOKEN__STATS_2_0"), app.db.session() as session:
        courses.create_course(session, app.git_host, "stats_2_0")

    with app.db.session() as session:
        assert [course.slug for course in courses.list_courses(session)] == ["stats-2-0", "stats-2-1"]
    # Existing names keep working: the variable of a slug is unchanged.
    assert course_token_variable("prog1_2026") == "EXLIB_GITLAB_TOKEN__PROG1_2026"
    assert course_token_variable("stats-2-0") == "EXLIB_GITLAB_TOKEN__STATS_2_0"
