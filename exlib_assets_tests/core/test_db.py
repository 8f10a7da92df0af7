"""The application database on both backends: migrations, the schema guard, and ltree subtrees."""

import warnings
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from exlib_assets.core.courses import add_content, contents_under, create_course, require_course
from exlib_assets.core.db.engine import Database, create_db_engine, current_revision, head_revision, upgrade
from exlib_assets.core.db.models import Base
from exlib_assets.core.errors import DatabaseNotReadyError, ExlibError
from exlib_assets.core.githost import LocalGitHost

APP_TABLES = {
    "libraries",
    "library_sources",
    "examples",
    "example_versions",
    "example_dependencies",
    "courses",
    "course_contents",
    "assignments",
    "deployments",
    "deployment_history",
    "update_proposals",
    "example_verifications",
    "contributions",
    "analytics_example_usage",
    "analytics_example_uses",
    "analytics_course_status",
    "analytics_deployment_activity",
    "api_tokens",
}


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    upgrade(database_url)
    database = Database(database_url)
    yield database
    database.dispose()


def table_names(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


# --- migrations --------------------------------------------------------------------------------


def test_upgrade_creates_every_table_at_the_head_revision(database_url: str, engine: sa.Engine):
    assert current_revision(engine) is None
    assert table_names(engine) == set()

    upgrade(database_url)

    assert current_revision(engine) == head_revision()
    assert table_names(engine) == APP_TABLES | {"alembic_version"}
    assert set(Base.metadata.tables) == APP_TABLES


def model_differences(database_url: str) -> list:
    """What `alembic revision --autogenerate` would put in the next migration."""
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as connection, warnings.catch_warnings():
            # Reflection cannot name the ltree type; that alone is not a difference.
            warnings.filterwarnings("ignore", "Did not recognize type 'ltree'", sa.exc.SAWarning)
            return compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()


def test_migrations_match_the_models(database_url: str):
    upgrade(database_url)

    assert model_differences(database_url) == []


@pytest.mark.postgres
def test_models_declare_the_postgres_gist_index(postgres_database_url: str):
    upgrade(postgres_database_url)

    assert model_differences(postgres_database_url) == []


def test_upgrade_twice_is_a_no_op_and_keeps_data(git_host: LocalGitHost, database_url: str, engine: sa.Engine):
    upgrade(database_url)
    database = Database(database_url)
    try:
        with database.session() as session:
            create_course(session, git_host, "prog1_2026", "Programming 1")

        upgrade(database_url)

        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1
            assert connection.execute(sa.text("SELECT slug, title FROM courses")).all() == [
                ("prog1_2026", "Programming 1")
            ]
    finally:
        database.dispose()


def test_database_refuses_an_empty_database_and_says_to_upgrade(database_url: str, engine: sa.Engine):
    database = Database(database_url)
    try:
        with pytest.raises(DatabaseNotReadyError, match=r"not at the current schema; run `exlib db upgrade`"):
            with database.session():
                pass
    finally:
        database.dispose()

    assert table_names(engine) == set()


def test_database_refuses_an_unknown_revision(database_url: str, engine: sa.Engine):
    upgrade(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'not_a_revision'"))
    database = Database(database_url)
    try:
        with pytest.raises(DatabaseNotReadyError, match="exlib db upgrade"):
            database.ensure_schema()
    finally:
        database.dispose()


def test_database_with_auto_upgrade_creates_the_schema(git_host: LocalGitHost, database_url: str, engine: sa.Engine):
    database = Database(database_url, auto_upgrade=True)
    try:
        with database.session() as session:
            course = create_course(session, git_host, "prog1_2026")
            assert course.id is not None
    finally:
        database.dispose()

    assert current_revision(engine) == head_revision()
    assert APP_TABLES <= table_names(engine)


@pytest.mark.postgres
def test_not_ready_message_hides_the_password(postgres_database_url: str):
    # The test server trusts every local connection, so any password gets through to the check.
    url = sa.make_url(postgres_database_url).set(password="pg-s3cret-pw")
    database = Database(url.render_as_string(hide_password=False))
    try:
        with pytest.raises(DatabaseNotReadyError) as caught:
            database.ensure_schema()
    finally:
        database.dispose()

    assert "pg-s3cret-pw" not in str(caught.value)
    assert url.database in str(caught.value)


@pytest.mark.postgres
def test_postgres_path_column_is_ltree_and_upgrade_installs_the_extension(
    git_host: LocalGitHost, postgres_database_url: str
):
    engine = create_db_engine(postgres_database_url)
    try:
        with engine.begin() as connection:
            # The test server pre-installs ltree; drop it to prove the migration installs it itself.
            connection.execute(sa.text("DROP EXTENSION ltree"))

        upgrade(postgres_database_url)

        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'ltree'")) == 1
            udt = connection.scalar(
                sa.text(
                    "SELECT udt_name FROM information_schema.columns "
                    "WHERE table_name = 'course_contents' AND column_name = 'path'"
                )
            )
            assert udt == "ltree"
            index = connection.scalar(
                sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_course_contents_path'")
            )
            assert index is not None and "USING gist (path)" in index
        database = Database(postgres_database_url)
        try:
            with database.session() as session:
                course = create_course(session, git_host, "prog1_2026")
                add_content(session, course, "week1.hello_world")
                typed = (
                    session.execute(sa.text("SELECT DISTINCT pg_typeof(path)::text FROM course_contents"))
                    .scalars()
                    .all()
                )
                assert typed == ["ltree"]
        finally:
            database.dispose()
    finally:
        engine.dispose()


# --- course contents and subtrees --------------------------------------------------------------

TREE = ["week1", "week1.a", "week1.a.b", "week10", "week1_x", "week2.a"]


def paths_under(db: Database, slug: str, root: str | None) -> list[str]:
    with db.session() as session:
        return [content.path for content in contents_under(session, require_course(session, slug), root)]


@pytest.fixture
def tree_db(git_host: LocalGitHost, db: Database) -> Database:
    with db.session() as session:
        course = create_course(session, git_host, "prog1_2026")
        for path in TREE:
            add_content(session, course, path)
        other = create_course(session, git_host, "other_2026")
        add_content(session, other, "week1.elsewhere")
    return db


def test_subtree_holds_the_root_and_its_descendants_only(tree_db: Database):
    assert paths_under(tree_db, "prog1_2026", "week1") == ["week1", "week1.a", "week1.a.b"]


def test_subtree_of_an_inner_node_and_of_a_leaf(tree_db: Database):
    assert paths_under(tree_db, "prog1_2026", "week1.a") == ["week1.a", "week1.a.b"]
    assert paths_under(tree_db, "prog1_2026", "week1.a.b") == ["week1.a.b"]
    assert paths_under(tree_db, "prog1_2026", "week1_x") == ["week1_x"]
    assert paths_under(tree_db, "prog1_2026", "week3") == []


def test_whole_tree_includes_created_parents_in_order(tree_db: Database):
    # `week2.a` brought its parent `week2` along.
    assert paths_under(tree_db, "prog1_2026", None) == [
        "week1",
        "week1.a",
        "week1.a.b",
        "week10",
        "week1_x",
        "week2",
        "week2.a",
    ]
    assert paths_under(tree_db, "other_2026", "week1") == ["week1", "week1.elsewhere"]


@pytest.mark.parametrize("path", ["Week1", "week-1", "a..b", "", "week3.Bad", "week3.b-c", ".week3", "week3."])
def test_bad_content_path_is_refused_with_an_example_and_adds_nothing(tree_db: Database, path: str):
    with tree_db.session() as session:
        course = require_course(session, "prog1_2026")
        before = [content.path for content in contents_under(session, course)]

        with pytest.raises(ExlibError) as caught:
            add_content(session, course, path)

        message = str(caught.value)
        assert f"content path {path!r} is not valid" in message
        assert "e.g. week1.hello_world" in message
        # Checked in the same transaction: not even a parent was added before the refusal.
        assert [content.path for content in contents_under(session, course)] == before
    assert "week3" not in paths_under(tree_db, "prog1_2026", None)


def test_bad_subtree_root_is_refused(tree_db: Database):
    with tree_db.session() as session:
        course = require_course(session, "prog1_2026")
        with pytest.raises(ExlibError, match="e.g. week1.hello_world"):
            contents_under(session, course, "week-1")


def test_head_revision_is_alembics_head():
    # Read without importing Alembic (every command checks it); Alembic's own answer must agree.
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "exlib_assets:migrations")

    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_current_revision_is_alembics_current(database_url: str, engine: sa.Engine):
    assert current_revision(engine) is None
    upgrade(database_url, "0002")
    with engine.connect() as connection:
        assert current_revision(engine) == MigrationContext.configure(connection).get_current_revision() == "0002"
