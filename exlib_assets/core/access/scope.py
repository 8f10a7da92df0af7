"""What a token's holder may touch: an admin every course, a lecturer only the courses listed."""

from dataclasses import dataclass

from exlib_assets.core.errors import ExlibError

ADMIN = "admin"
LECTURER = "lecturer"
ROLES = (ADMIN, LECTURER)


class NotAuthenticatedError(ExlibError):
    """No token, or one that is unknown or revoked."""


class AccessDeniedError(ExlibError):
    """A valid token whose holder may not touch what was asked for."""


@dataclass(frozen=True)
class Principal:
    """The holder of a verified token."""

    name: str
    role: str
    courses: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    def may_touch(self, course: str) -> bool:
        return self.is_admin or course in self.courses


def require_course_access(principal: Principal, course: str) -> None:
    """Refuse a lecturer a course that is not theirs. Checked before the course is looked up, so
    a refusal does not tell whether the course exists."""
    if not principal.may_touch(course):
        raise AccessDeniedError(
            f"token {principal.name!r} may not touch course {course!r}; it is scoped to "
            f"{', '.join(sorted(principal.courses)) or 'no course'}. Ask an admin for a token that "
            "includes it (`exlib token create --role lecturer --course SLUG ...`)."
        )


def require_admin(principal: Principal, action: str) -> None:
    """Refuse anyone but an admin: the library itself (its sources, what enters it) is an admin's."""
    if not principal.is_admin:
        raise AccessDeniedError(
            f"token {principal.name!r} is a {principal.role}'s; only an admin may {action}. "
            "Ask an admin, or for an admin token (`exlib token create --role admin ...`)."
        )
