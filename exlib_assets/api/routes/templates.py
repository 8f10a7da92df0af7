"""A course's student template: release it, see where it stands."""

from fastapi import APIRouter

from exlib_assets.api import schemas
from exlib_assets.api.auth import Caller, CourseInScope
from exlib_assets.api.routes import errors
from exlib_assets.api.services.templates import release_template, template_state
from exlib_assets.api.state import State

router = APIRouter(prefix="/api/v1/courses/{course}/templates", tags=["templates"])


@router.post("/release", response_model=schemas.TemplateRelease, responses=errors(400, 401, 403, 404, 409, 422, 502))
def release(
    body: schemas.TemplateReleaseRequest,
    course: CourseInScope,
    principal: Caller,
    state: State,
):
    """Build the student template from the assignments repository and push it (the
    `student_templates` run); answers when it is done. A content that cannot be built or in which
    the leak guard finds a solution, test or marker is held back (`report.held_back`, with the
    reason; students keep its last release) and the rest is pushed."""
    released = release_template(
        state.app,
        state.launcher.instance,
        course,
        only=body.only,
        release_all=body.release_all,
        dry_run=body.dry_run,
        actor=principal.name,
    )
    return schemas.TemplateRelease(
        run_id=released.run_id, report=schemas.TemplateReport.model_validate(released.report)
    )


@router.get("/status", response_model=schemas.TemplateStatus, responses=errors(400, 401, 403, 404, 422, 502))
def template_status(course: CourseInScope, state: State):
    """The template's last build, what is released, and whether the assignments moved since."""
    return schemas.TemplateStatus.model_validate(template_state(state.app, course))
