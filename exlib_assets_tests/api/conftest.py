"""The API over real HTTP, with real runs behind it: two courses, a small library and tokens."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from exlib_assets.core import courses
from exlib_assets.core.access import tokens
from exlib_assets_tests.api.server import ApiServer, start_server
from exlib_assets_tests.lesson_course import deploy_lesson_course

CAESAR_META = {"language": "en", "content": {"tags": ["strings", "cryptography"]}}


@dataclass(frozen=True)
class Tokens:
    admin: str
    lecturer: str  # prog1 only
    other_lecturer: str  # prog2 only


@pytest.fixture
def api_env(exlib_env):
    """Point the service, and the runs it starts, at the test's state (they read EXLIB_*)."""
    return exlib_env


@pytest.fixture
def start_api(api_env, app) -> Iterator:
    """Start a server (as many as a test wants); each is stopped at the end."""
    started: list[ApiServer] = []

    def start(**options) -> ApiServer:
        started.append(start_server(**options))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def make_tokens(app) -> Tokens:
    with app.db.session() as session:
        return Tokens(
            admin=tokens.create_token(session, name="admin", role="admin", courses=[]).token,
            lecturer=tokens.create_token(session, name="lecturer1", role="lecturer", courses=["prog1"]).token,
            other_lecturer=tokens.create_token(session, name="lecturer2", role="lecturer", courses=["prog2"]).token,
        )


@pytest.fixture
def library_courses(app, make_example, tmp_path) -> Tokens:
    """Examples caesar, shout, helper and needs_helper (which depends on helper); courses prog1
    (content week1.intro, nothing assigned) and prog2; the tokens."""
    app.library.import_paths(
        [
            make_example("caesar", meta=CAESAR_META),
            make_example("shout", meta={"description": "Print it loud.", "content": {"tags": ["strings"]}}),
            make_example("helper"),
            make_example("needs_helper", dependencies=["test.helper"]),
        ]
    )
    app.library.import_paths([make_example("caesar", version="1.1", meta=CAESAR_META, parent=tmp_path / "next")])
    with app.db.session() as session:
        prog1 = courses.create_course(session, app.git_host, "prog1")
        courses.add_content(session, prog1, "week1.intro")
        courses.create_course(session, app.git_host, "prog2")
    return make_tokens(app)


@pytest.fixture
def lesson_courses(app, make_example) -> Tokens:
    """Course prog1 with `lesson` 1.0 deployed at week1.lesson (see lesson_course), course prog2, tokens."""
    deploy_lesson_course(app, make_example)
    with app.db.session() as session:
        courses.create_course(session, app.git_host, "prog2")
    return make_tokens(app)
