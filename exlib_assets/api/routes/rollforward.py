"""Next semester: roll a course forward into a new one."""

from fastapi import APIRouter

from exlib_assets.api.auth import Caller, CourseInScope
from exlib_assets.api.routes import errors
from exlib_assets.api.schemas_rollforward import RollForwardRequest, RollForwardResult
from exlib_assets.api.services import lookups
from exlib_assets.api.state import State
from exlib_assets.core.access import tokens
from exlib_assets.core.rollforward import roll_forward

router = APIRouter(prefix="/api/v1/courses/{course}", tags=["courses"])


@router.post("/roll-forward", response_model=RollForwardResult, responses=errors(400, 401, 403, 404, 422, 502))
def roll_course_forward(body: RollForwardRequest, course: CourseInScope, principal: Caller, state: State):
    """Create course `to` from this course (tree, assignments, policies, release selection) and deploy
    it in one commit; answers when done. A lecturer may roll forward only a course of theirs, and
    the new course joins their token's courses."""
    report = roll_forward(
        state.app,
        course,
        lookups.storable(body.to, "course"),
        title=body.title,
        versions=body.versions,
        carry_customizations=body.carry_customizations,
        dry_run=body.dry_run,
        actor=principal.name,
    )
    if not principal.is_admin and not report.dry_run:
        with state.app.db.session() as session:
            tokens.grant_course(session, principal.name, report.course)
    return RollForwardResult(
        source=report.source,
        course=report.course,
        versions=report.versions,
        dry_run=report.dry_run,
        contents=report.contents,
        deploy_commit=report.deploy_commit,
        carried=report.carried,
        carry_commit=report.carry_commit,
        merged=report.merged,
        merge_commit=report.merge_commit,
    )
