"""Tokens of the HTTP API: shown once, kept as a hash, verified, scoped, revoked."""

import hashlib

import pytest
import sqlalchemy as sa

from exlib_assets.core import courses
from exlib_assets.core.access import tokens
from exlib_assets.core.access.scope import AccessDeniedError, NotAuthenticatedError, require_course_access
from exlib_assets.core.db.models import ApiToken
from exlib_assets.core.errors import ExlibError, NotFoundError


@pytest.fixture
def prog1(app) -> str:
    with app.db.session() as session:
        courses.create_course(session, app.git_host, "prog1")
    return "prog1"


def test_a_token_is_stored_only_as_its_sha256_and_verifies_to_its_holder(app, prog1):
    with app.db.session() as session:
        created = tokens.create_token(session, name="alice", role="lecturer", courses=[prog1], created_by="admin")
    with app.db.session() as session:
        row = session.scalar(sa.select(ApiToken))
        assert created.token not in str([getattr(row, column.key) for column in ApiToken.__table__.columns])
        assert row.token_sha256 == hashlib.sha256(created.token.encode()).hexdigest()
        principal = tokens.verify_token(session, created.token)
    assert (principal.name, principal.role, principal.courses) == ("alice", "lecturer", frozenset({"prog1"}))
    assert created.token.startswith(f"exlib_{row.key_id}_")
    assert principal.may_touch("prog1") and not principal.may_touch("prog2")


def test_wrong_unknown_and_revoked_tokens_are_refused_alike(app, prog1):
    with app.db.session() as session:
        token = tokens.create_token(session, name="alice", role="admin", courses=[]).token
    key = token.split("_")[1]
    attempts = [token[:-1] + ("A" if token[-1] != "A" else "B"), f"exlib_{'0' * 12}_{'x' * 43}", "", "Bearer x", key]
    with app.db.session() as session:
        for attempt in attempts:
            with pytest.raises(NotAuthenticatedError, match="not valid") as refused:
                tokens.verify_token(session, attempt)
            assert attempt not in str(refused.value) or not attempt
        tokens.revoke_token(session, "alice")
    with app.db.session() as session, pytest.raises(NotAuthenticatedError):
        tokens.verify_token(session, token)
    with app.db.session() as session:
        [info] = tokens.list_tokens(session)
    assert info.revoked_at is not None and not hasattr(info, "token")


@pytest.mark.parametrize(
    ("name", "role", "course_slugs", "said"),
    [
        ("bob", "lecturer", [], "needs at least one course"),
        ("bob", "admin", ["prog1"], "may touch every course"),
        ("bob", "student", [], "role 'student' is not known"),
        ("bob", "lecturer", ["prog9"], "course 'prog9' does not exist"),
        ("bob smith", "admin", [], "token name 'bob smith' is not valid"),
    ],
)
def test_bad_token_requests_are_refused(app, prog1, name, role, course_slugs, said):
    with app.db.session() as session, pytest.raises(ExlibError, match=said):
        tokens.create_token(session, name=name, role=role, courses=course_slugs)


def test_names_are_unique_and_revoking_needs_a_known_name(app, prog1):
    with app.db.session() as session:
        tokens.create_token(session, name="alice", role="admin", courses=[])
    with app.db.session() as session, pytest.raises(ExlibError, match="exists already"):
        tokens.create_token(session, name="alice", role="admin", courses=[])
    with app.db.session() as session, pytest.raises(NotFoundError, match="no token named 'carol'"):
        tokens.revoke_token(session, "carol")


def test_a_lecturer_is_refused_other_courses_an_admin_none(app, prog1):
    with app.db.session() as session:
        lecturer = tokens.verify_token(
            session, tokens.create_token(session, name="l", role="lecturer", courses=[prog1]).token
        )
        admin = tokens.verify_token(session, tokens.create_token(session, name="a", role="admin", courses=[]).token)
    require_course_access(lecturer, "prog1")
    require_course_access(admin, "anything")
    with pytest.raises(AccessDeniedError, match="may not touch course 'prog2'; it is scoped to prog1"):
        require_course_access(lecturer, "prog2")
