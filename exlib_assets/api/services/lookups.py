"""Looking up what a request names, with errors a front end can show as they are."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from exlib_assets.api.services.problems import InvalidRequestError
from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import check_content_path
from exlib_assets.core.db.models import Course, Example, ExampleVersion, Library
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.versions import parse_constraint


def library_of(session: Session, app: App) -> Library:
    return library_index.get_or_create_library(session, app.storage.library)


def course_named(session: Session, slug: str) -> Course:
    return courses.require_course(session, storable(slug, "course"))


def content_path(path: str) -> str:
    """`path` if it is a valid ltree content path; InvalidRequestError (a 422) saying why if not."""
    try:
        return check_content_path(path)
    except ExlibError as error:
        raise InvalidRequestError(str(error)) from None


def constraint_text(text: str) -> str:
    """The constraint as it will be stored (`" 1.2 "` -> `1.2`, empty -> `latest`)."""
    return parse_constraint(text).text


def example_version(session: Session, library: Library, identifier: str, constraint: str) -> ExampleVersion:
    """The version of `identifier` that `constraint` points at (NotFoundError, InvalidVersionError)."""
    example: Example = library_index.require_example(session, library, storable(identifier, "example"))
    return library_index.resolve_version(example, constraint_text(constraint))


def in_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without their zone; exlib writes them in UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def storable(name: str, what: str) -> str:
    """`name`, unless it holds a NUL character: nothing stored can be called that, and PostgreSQL
    refuses to even compare such text."""
    if "\x00" in name:
        raise NotFoundError(f"no {what} is named {name!r}.")
    return name
