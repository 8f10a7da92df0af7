"""A content's own values for its student meta.yaml (title, points, deadline): never a customization."""

from fastapi import APIRouter

from exlib_assets.api.auth import CourseInScope
from exlib_assets.api.routes import errors
from exlib_assets.api.schemas_content_settings import ContentSettings, ContentSettingsChange
from exlib_assets.api.services import lookups
from exlib_assets.api.state import State
from exlib_assets.core import courses
from exlib_assets.core.content_settings import apply_settings

router = APIRouter(prefix="/api/v1/courses/{course}", tags=["courses"])


@router.put("/content/{path}/settings", response_model=ContentSettings, responses=errors(400, 401, 403, 404, 422))
def set_content_settings(path: str, body: ContentSettingsChange, course: CourseInScope, state: State):
    """Set or clear content `path`'s own title, points and deadline; the student template carries them
    from its next build. They survive updates and roll-forward; a lecturer only for a course of theirs."""
    with state.app.db.session() as session:
        content = courses.require_content(session, lookups.course_named(session, course), lookups.content_path(path))
        now = apply_settings(
            content, title=body.title, points=body.points, deadline=body.deadline, clear=tuple(body.clear)
        )
    return ContentSettings(course=course, path=path, settings=now)
