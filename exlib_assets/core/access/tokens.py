"""Bearer tokens of the HTTP API: created (and shown) once, kept only as a sha256, verified in
constant time, revoked by name.

A token reads `exlib_<key_id>_<secret>`. The key id finds the row without touching the secret;
the secret carries 256 random bits, so a plain sha256 is enough to keep it unusable at rest
(a slow password hash protects guessable secrets, which these are not).
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core import courses as course_rows
from exlib_assets.core.access.scope import ADMIN, LECTURER, ROLES, NotAuthenticatedError, Principal
from exlib_assets.core.db.models import ApiToken
from exlib_assets.core.errors import ExlibError, NotFoundError

PREFIX = "exlib"
_TOKEN = re.compile(rf"^{PREFIX}_(?P<key_id>[0-9a-f]{{12}})_(?P<secret>[A-Za-z0-9_-]{{43}})$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}\Z")
# Said for every token that does not verify, so a caller learns nothing about which part failed.
INVALID = (
    "the bearer token is not valid (unknown, revoked or mistyped); ask an admin for a new one (`exlib token create`)."
)


@dataclass(frozen=True)
class TokenInfo:
    """A token as listings show it: everything but the secret."""

    name: str
    key_id: str
    role: str
    courses: list[str]
    created_by: str | None
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class NewToken:
    """A token just created. `token` exists only here: show it once, it is not stored."""

    token: str
    info: TokenInfo


def create_token(
    session: Session, *, name: str, role: str, courses: list[str], created_by: str | None = None
) -> NewToken:
    """Create a token for `name` with `role`; a lecturer's token names the courses it may touch."""
    _check_name(name)
    if role not in ROLES:
        raise ExlibError(f"role {role!r} is not known; use one of {', '.join(ROLES)}.")
    scoped = sorted(set(courses))
    if role == LECTURER and not scoped:
        raise ExlibError("a lecturer token needs at least one course: add `--course SLUG` (repeatable).")
    if role == ADMIN and scoped:
        raise ExlibError("an admin token may touch every course; leave out `--course`, or use `--role lecturer`.")
    for slug in scoped:
        course_rows.require_course(session, slug)
    if session.scalar(sa.select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise ExlibError(f"a token named {name!r} exists already; pick another name or revoke it first.")
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = f"{PREFIX}_{key_id}_{secret}"
    row = ApiToken(
        name=name, key_id=key_id, token_sha256=_digest(token), role=role, courses=scoped, created_by=created_by
    )
    session.add(row)
    session.flush()
    return NewToken(token=token, info=_info(row))


def verify_token(session: Session, token: str) -> Principal:
    """The holder of `token`; NotAuthenticatedError if it is malformed, unknown or revoked."""
    match = _TOKEN.match(token)
    row = session.scalar(sa.select(ApiToken).where(ApiToken.key_id == match["key_id"])) if match else None
    # Compare even when there is no row, so an unknown key id costs the same time as a wrong secret.
    expected = row.token_sha256 if row is not None else _digest("")
    if not hmac.compare_digest(expected, _digest(token)) or row is None or row.revoked_at is not None:
        raise NotAuthenticatedError(INVALID)
    return Principal(name=row.name, role=row.role, courses=frozenset(row.courses or ()))


def revoke_token(session: Session, name: str) -> TokenInfo:
    """Revoke the token called `name`; requests with it are refused from now on."""
    row = session.scalar(sa.select(ApiToken).where(ApiToken.name == name))
    if row is None:
        raise NotFoundError(f"there is no token named {name!r}; see `exlib token list`.")
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        session.flush()
    return _info(row)


def list_tokens(session: Session) -> list[TokenInfo]:
    return [_info(row) for row in session.scalars(sa.select(ApiToken).order_by(ApiToken.name))]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise ExlibError(
            f"token name {name!r} is not valid: use letters, digits, '_', '.', '@' and '-', starting with a "
            "letter or digit (e.g. alice or lecturer-prog1)."
        )


def _info(row: ApiToken) -> TokenInfo:
    return TokenInfo(
        name=row.name,
        key_id=row.key_id,
        role=row.role,
        courses=list(row.courses or []),
        created_by=row.created_by,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def grant_course(session: Session, name: str, slug: str) -> None:
    """Let the lecturer token called `name` touch course `slug` too (a course they created from one of theirs)."""
    row = session.scalar(sa.select(ApiToken).where(ApiToken.name == name))
    if row is None:
        raise NotFoundError(f"there is no token named {name!r}; see `exlib token list`.")
    if slug not in (row.courses or []):
        row.courses = sorted([*(row.courses or []), slug])
