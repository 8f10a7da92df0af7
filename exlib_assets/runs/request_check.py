"""Refusing a request for an unknown course or path before any run is recorded."""

from collections.abc import Iterable

from exlib_assets.core import courses
from exlib_assets.core.app import open_app
from exlib_assets.core.settings import Settings


def check_request(settings: Settings, slug: str, paths: Iterable[str]) -> None:
    """Raise NotFoundError (naming what is missing) for an unknown course or content path."""
    with open_app(settings) as app, app.db.session() as session:
        course = courses.require_course(session, slug)
        for path in paths:
            courses.require_content(session, course, path)
