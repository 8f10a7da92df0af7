"""A course's own values for a content's student meta.yaml: title, points and deadline.

They live in the database with the content, not in the assignments repository, so setting them
never makes the content customized, and updates, rollbacks and roll-forward leave them be. The
student template writes them into the content's student meta.yaml, over the example's own.
"""

from datetime import date, datetime

from exlib_assets.core.db.models import CourseContent
from exlib_assets.core.errors import ExlibError

SETTING_KEYS = ("title", "points", "deadline")
MAX_TITLE = 300


def apply_settings(
    content: CourseContent,
    *,
    title: str | None = None,
    points: str | float | None = None,
    deadline: str | None = None,
    clear: tuple[str, ...] = (),
) -> dict:
    """Check and record the values given (None leaves a value as it is; `clear` drops some); the settings now."""
    where = f"{content.course.slug}/{content.path}"
    unknown = sorted(set(clear) - set(SETTING_KEYS))
    if unknown:
        raise ExlibError(f"{where}: cannot clear {', '.join(unknown)}; the settings are {', '.join(SETTING_KEYS)}.")
    settings = dict(content.settings or {})
    if title is not None:
        settings["title"] = _title(title, where)
    if points is not None:
        settings["points"] = _points(points, where)
    if deadline is not None:
        settings["deadline"] = _deadline(deadline, where)
    for key in clear:
        settings.pop(key, None)
    content.settings = settings or None
    return settings


def _title(title: str, where: str) -> str:
    text = title.strip()
    if not text or len(text) > MAX_TITLE or "\x00" in text:
        raise ExlibError(f"{where}: the title must be 1 to {MAX_TITLE} characters of text; got {title!r}.")
    return text


def _points(points: str | float, where: str) -> int | float:
    try:
        number = float(points)
    except (TypeError, ValueError):
        raise ExlibError(f"{where}: points must be a number such as 10 or 2.5; got {points!r}.") from None
    if not 0 <= number <= 1_000_000:
        raise ExlibError(f"{where}: points must be between 0 and 1000000; got {points!r}.")
    return int(number) if number.is_integer() else number


def _deadline(deadline: str, where: str) -> str:
    """An ISO 8601 date (2026-11-30) or date and time (2026-11-30T23:59+01:00), as given."""
    text = deadline.strip()
    try:
        (date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text))
    except ValueError:
        raise ExlibError(
            f"{where}: the deadline must be an ISO 8601 date or date and time, e.g. 2026-11-30 or "
            f"2026-11-30T23:59+01:00; got {deadline!r}."
        ) from None
    return text
