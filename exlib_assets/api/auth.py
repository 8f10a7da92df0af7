"""Who is calling (a bearer token) and whether they may touch the course they name."""

from typing import Annotated

from fastapi import Depends, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from exlib_assets.api.services import lookups
from exlib_assets.api.state import State
from exlib_assets.core.access import tokens
from exlib_assets.core.access.scope import NotAuthenticatedError, Principal, require_course_access

# auto_error=False: a missing token is answered by our own 401, with a body saying what to send.
bearer = HTTPBearer(auto_error=False, description="A token from `exlib token create`.")


def current_principal(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)], state: State
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticatedError(
            "this API needs a bearer token: send `Authorization: Bearer TOKEN` with a token from `exlib token create`."
        )
    with state.app.db.session() as session:
        return tokens.verify_token(session, credentials.credentials)


Caller = Annotated[Principal, Depends(current_principal)]


def course_in_scope(course: str, principal: Caller) -> str:
    """The `{course}` of the path, once the caller may touch it."""
    require_course_access(principal, course)
    return lookups.storable(course, "course")


def queried_course_in_scope(
    course: Annotated[str, Query(description="The course the preview is for (its slug).")], principal: Caller
) -> str:
    """The `?course=` of the query, once the caller may touch it."""
    require_course_access(principal, course)
    return lookups.storable(course, "course")


# What a route asks for: the course of its path (or query), once the caller may touch it.
CourseInScope = Annotated[str, Depends(course_in_scope)]
QueriedCourseInScope = Annotated[str, Depends(queried_course_in_scope)]
