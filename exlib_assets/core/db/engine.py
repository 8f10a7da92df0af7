"""Opening the application database and keeping its schema current."""

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from exlib_assets.core.errors import DatabaseNotReadyError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = "exlib_assets:migrations"
# Alembic is imported only to migrate: every command checks the schema, and importing Alembic
# for that would cost more than the rest of a read-only command.
_VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"
_REVISION_LINE = re.compile(r'^(down_revision|revision) = (?:"([^"]+)"|None)$', re.MULTILINE)


# Engines kept for reuse in this process, by URL, the most recently used last.
_ENGINES: "OrderedDict[str, sa.Engine]" = OrderedDict()
_ENGINES_LOCK = threading.Lock()
# One database is the rule (a site has one); a few more serve tests and benchmarks that switch.
_ENGINES_KEPT = 4


def shared_engine(url: str) -> sa.Engine:
    """The process's engine for `url`, created on first use.

    Each run, sensor tick and command opens the application anew. With an engine of its own, each
    compiled every query again (SQLAlchemy keeps compiled statements per engine): a deploy inside
    a Dagster run spent 25-30 ms more than the same deploy outside one. Closing an application
    disposes the engine's pool (its idle connections), never the engine, which stays usable.
    """
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(url, None) or create_db_engine(url)
        _ENGINES[url] = engine
        while len(_ENGINES) > _ENGINES_KEPT:
            _, evicted = _ENGINES.popitem(last=False)
            evicted.dispose()  # an application still using it gets new connections as it needs them
        return engine


def create_db_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        database = sa.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # Dagster runs, sensors and the CLI write from separate processes: wait, don't fail.
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pre_ping: a long-lived webserver or daemon survives a database restart.
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config(url: str) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    # Percent signs in passwords would be read as interpolation by ConfigParser.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


@cache
def head_revision() -> str:
    """The newest migration: the one revision no other revision revises (our history is a line)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in _VERSIONS.glob("*.py"):
        fields = {name: value for name, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8"))}
        if fields.get("revision"):
            revisions.add(fields["revision"])
        if fields.get("down_revision"):
            revised.add(fields["down_revision"])
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"the migrations in {_VERSIONS} must form one line; their heads are {sorted(heads)}")
    return heads.pop()


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at, read from Alembic's own table (None: not migrated yet)."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


class Database:
    """An engine plus sessions, refusing to work on a schema older than the code."""

    def __init__(self, url: str, *, auto_upgrade: bool = False):
        self.url = url
        self.engine = shared_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._auto_upgrade = auto_upgrade
        self._checked = False

    def __repr__(self) -> str:
        return f"Database({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def ensure_schema(self) -> None:
        if self._checked:
            return
        if current_revision(self.engine) != head_revision():
            if not self._auto_upgrade:
                raise DatabaseNotReadyError(
                    f"the database at {self.engine.url.render_as_string(hide_password=True)} is not at "
                    "the current schema; run `exlib db upgrade` (with the same EXLIB_DATABASE_URL)."
                )
            upgrade(self.url)
        self._checked = True

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed if the block succeeds, rolled back if not."""
        self.ensure_schema()
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close the idle connections; the engine (shared, see shared_engine) stays usable."""
        self.engine.dispose()
