"""Applications opened one after the other in a process (a run, a sensor tick, a command each)
share one engine per database, so a query compiled by one is not compiled again by the next; an
application closing never breaks another still open. Both backends."""

import sqlalchemy as sa
from sqlalchemy.engine import default

from exlib_assets.core import courses
from exlib_assets.core.app import open_app
from exlib_assets.core.db import engine as engine_module
from exlib_assets.core.db.engine import shared_engine


def cache_results_of_listing_courses(app) -> list:
    """Whether each statement listing the courses was found compiled already (SQLAlchemy's own word)."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(context.cache_hit)

    sa.event.listen(app.db.engine, "before_cursor_execute", record)
    try:
        with app.db.session() as session:
            courses.list_courses(session)
    finally:
        sa.event.remove(app.db.engine, "before_cursor_execute", record)
    return seen


def test_the_next_application_finds_the_statements_compiled(app, settings):
    cache_results_of_listing_courses(app)
    app.close()

    with open_app(settings) as again:
        found = cache_results_of_listing_courses(again)

    # (The schema check's own statements have no cache key: they are never compiled ahead.)
    assert default.CACHE_HIT in found and default.CACHE_MISS not in found, found


def test_closing_one_application_leaves_another_on_the_same_database_working(app, settings):
    other = open_app(settings)
    assert other.db.engine is app.db.engine
    other.close()

    with app.db.session() as session:
        assert courses.list_courses(session) == []


def test_only_a_few_engines_are_kept(tmp_path):
    urls = [f"sqlite:///{tmp_path}/db{number}.sqlite" for number in range(engine_module._ENGINES_KEPT + 2)]
    first = shared_engine(urls[0])
    for url in urls[1:]:
        shared_engine(url)

    assert urls[0] not in engine_module._ENGINES and len(engine_module._ENGINES) <= engine_module._ENGINES_KEPT
    assert shared_engine(urls[0]) is not first
    with first.connect() as connection:  # one still held elsewhere keeps working after eviction
        assert connection.execute(sa.text("SELECT 1")).scalar() == 1
