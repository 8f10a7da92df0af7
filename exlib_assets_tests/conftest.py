"""Shared fixtures for the exlib test suite.

The services fixtures are lazy: PostgreSQL and moto start only when a test
asks for them, once per session, and are stopped at the end of the session.
"""

from __future__ import annotations

import logging
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from exlib_assets.core.app import App, open_app
from exlib_assets.core.db.engine import upgrade
from exlib_assets.core.githost import LocalGitHost
from exlib_assets.core.settings import Settings, SizeLimits
from exlib_assets.core.storage import ExampleStorage
from exlib_assets_tests.dagster_instances import make_instance_template
from exlib_assets_tests.environment import point_environment_at
from exlib_assets_tests.examples import ExampleFolderFactory
from exlib_assets_tests.migrated_databases import (
    copy_postgres_if_empty,
    copy_sqlite_if_new,
    migrated_postgres_template,
    migrated_sqlite_file,
)
from exlib_assets_tests.services.postgres import PostgresServer
from exlib_assets_tests.services.s3 import DUMMY_AWS_ENV, S3Bucket, S3Server

# Fixtures other folders share, registered once for the whole suite: the lesson course (`course`,
# `release`), which update, API and definitions tests build on. A folder's own `course` overrides it.
pytest_plugins = ["exlib_assets_tests.lesson_course"]

# moto's HTTP server logs every request; a failing test's output should show the test instead.
logging.getLogger("werkzeug").setLevel(logging.WARNING)

# A suite started in the background by a shell without job control (`cmd &`, nohup, some CI
# runners) inherits SIGINT ignored. A Dagster run in the main thread then leaves SIGTERM ignored
# too (it maps SIGTERM to SIGINT's handler and restores them that way), and every process started
# afterwards inherits that: the `tail` Dagster starts to capture a threaded run's logs no longer
# stops when told, and each such run waits 30 s for it. Ctrl-C's usual handler avoids all that.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# --- Services: PostgreSQL and S3 ------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _dummy_aws_env() -> Iterator[None]:
    """Dummy AWS credentials for the whole session, so nothing can reach a real AWS account."""
    with pytest.MonkeyPatch.context() as mp:
        for name, value in DUMMY_AWS_ENV.items():
            if value is None:
                mp.delenv(name, raising=False)
            else:
                mp.setenv(name, value)
        yield


@pytest.fixture(scope="session", autouse=True)
def _own_dagster_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A DAGSTER_HOME of the session's own (of each worker's own under pytest-xdist), for code that
    opens the instance without a test pointing DAGSTER_HOME somewhere: never the caller's instance,
    never one shared by two workers. Tests that run commands or runs set their own."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(tmp_path_factory.mktemp("dagster_home")))
        yield


@pytest.fixture(scope="session")
def dagster_instance_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A test Dagster instance, created once, for `instance_copy` to copy (see dagster_instances)."""
    return make_instance_template(tmp_path_factory.mktemp("dagster_instance_template"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with PostgresServer() as server:
        yield server


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    with S3Server() as server:
        yield server


@pytest.fixture
def postgres_database_url(postgres_server: PostgresServer) -> Iterator[str]:
    """SQLAlchemy URL of a fresh database (with ltree), dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


@pytest.fixture
def s3_bucket(s3_server: S3Server) -> S3Bucket:
    """A fresh, empty bucket; unique names keep tests apart, so nothing is deleted."""
    return s3_server.create_bucket(f"test-{uuid.uuid4().hex[:12]}")


# --- Project fixtures -------------------------------------------------------
# The embedded default (SQLite + a local folder) and production (PostgreSQL + S3) side by side:
# tests that take `app`, `storage` or `database_url` run once on each.

EMBEDDED = "embedded"
PRODUCTION = "production"
BACKENDS = [EMBEDDED, pytest.param(PRODUCTION, marks=[pytest.mark.postgres, pytest.mark.s3])]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == PRODUCTION:
        return request.getfixturevalue("postgres_database_url")
    return f"sqlite:///{tmp_path / 'exlib.db'}"


@pytest.fixture
def storage_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    if backend == PRODUCTION:
        bucket: S3Bucket = request.getfixturevalue("s3_bucket")
        # boto3 reads the endpoint from here, as it does in production.
        monkeypatch.setenv("AWS_ENDPOINT_URL", bucket.endpoint_url)
        return f"s3://{bucket.name}/exlib"
    return str(tmp_path / "storage")


@pytest.fixture
def settings(tmp_path: Path, database_url: str, storage_url: str) -> Settings:
    return Settings(
        home=tmp_path / "home",
        database_url=database_url,
        storage_url=storage_url,
        library="testlib",
        git_url=str(tmp_path / "git"),
        limits=SizeLimits(max_file_bytes=64 * 1024, max_example_bytes=256 * 1024),
    )


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_sqlite_file(tmp_path_factory.mktemp("migrated"))


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server: PostgresServer) -> str:
    return migrated_postgres_template(postgres_server)


@pytest.fixture
def app(settings: Settings, request: pytest.FixtureRequest) -> Iterator[App]:
    """The app on the test's settings, its database at the newest migration: a copy of one migrated
    once in the session while the test's database is still new (running every migration for every
    test cost more than half a second each), migrated in place otherwise."""
    if not _copied_migrated_database(settings.database_url, request):
        upgrade(settings.database_url)
    opened = open_app(settings)
    try:
        yield opened
    finally:
        opened.close()


def _copied_migrated_database(database_url: str, request: pytest.FixtureRequest) -> bool:
    url = sa.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return copy_sqlite_if_new(url, request.getfixturevalue("migrated_sqlite"))
    if url.get_backend_name() == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        return copy_postgres_if_empty(url, server, request.getfixturevalue("migrated_postgres"))
    return False


@pytest.fixture
def exlib_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """This process's environment pointed at the test's settings (and a DAGSTER_HOME under its
    home): what `exlib` commands run in-process, the API and the Dagster runs they start read."""
    point_environment_at(monkeypatch, settings)
    return settings


@pytest.fixture
def storage(app: App) -> ExampleStorage:
    return app.storage


@pytest.fixture
def git_host(tmp_path: Path) -> LocalGitHost:
    """Local bare repositories, the embedded default's git host."""
    return LocalGitHost(tmp_path / "git")


@pytest.fixture
def make_example(tmp_path: Path):
    """Write an example folder: `make_example("caesar", version="1.0", files={...}, **meta)`."""
    return ExampleFolderFactory(tmp_path / "examples")
