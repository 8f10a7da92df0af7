"""Contributions back to the library: a lecturer proposes from a course of theirs; an admin decides."""

from fastapi import APIRouter

from exlib_assets.api.auth import Caller, CourseInScope
from exlib_assets.api.routes import errors
from exlib_assets.api.schemas_contributions import ContributeRequest, ContributionResult, Contributions
from exlib_assets.api.services import lookups
from exlib_assets.api.state import State
from exlib_assets.core.access.scope import require_admin
from exlib_assets.core.contributions.contribute import contribute
from exlib_assets.core.contributions.decide import accept, reject
from exlib_assets.core.contributions.lookup import list_contributions
from exlib_assets.core.contributions.report import view_of

course_router = APIRouter(prefix="/api/v1/courses/{course}", tags=["courses"])
library_router = APIRouter(prefix="/api/v1/library/contributions", tags=["library"])


@course_router.post(
    "/content/{path}/contribute", response_model=ContributionResult, responses=errors(400, 401, 403, 404, 422, 502)
)
def contribute_content(path: str, body: ContributeRequest, course: CourseInScope, principal: Caller, state: State):
    """Propose the lecturer's edits of content `path` as its example's next version: a branch in the
    example's git source, or a pre-release an admin accepts. Answers when done; a lecturer only for
    a course of theirs."""
    view = contribute(state.app, course, lookups.storable(path, "content"), message=body.message, actor=principal.name)
    return ContributionResult.model_validate(view.to_dict())


@library_router.get("", response_model=Contributions, responses=errors(400, 401, 403, 404, 422))
def contributions(principal: Caller, state: State, every: bool = False):
    """The contributions waiting for a decision (`every=true`: all of them); an admin's."""
    require_admin(principal, "see the library's contributions")
    with state.app.db.session() as session:
        rows = list_contributions(session, status=None if every else "open")
        return Contributions(contributions=[ContributionResult.model_validate(view_of(row).to_dict()) for row in rows])


@library_router.post(
    "/{reference}/accept", response_model=ContributionResult, responses=errors(400, 401, 403, 404, 422, 502)
)
def accept_contribution(reference: str, principal: Caller, state: State):
    """Publish contribution `IDENTIFIER@VERSION` as the example's next version; the course it came
    from then holds it. An admin's."""
    require_admin(principal, "accept contributions into the library")
    view = accept(state.app, lookups.storable(reference, "contribution"), actor=principal.name)
    return ContributionResult.model_validate(view.to_dict())


@library_router.post(
    "/{reference}/reject", response_model=ContributionResult, responses=errors(400, 401, 403, 404, 422, 502)
)
def reject_contribution(reference: str, principal: Caller, state: State):
    """Drop contribution `IDENTIFIER@VERSION`; the course keeps its edits. An admin's."""
    require_admin(principal, "reject contributions")
    view = reject(state.app, lookups.storable(reference, "contribution"), actor=principal.name)
    return ContributionResult.model_validate(view.to_dict())
