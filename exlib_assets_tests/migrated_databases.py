"""Each test's database starts as a copy of one migrated in the session, instead of running every
migration again: a file copy for SQLite, `CREATE DATABASE ... TEMPLATE` for PostgreSQL.

A copy is taken only of a database nobody has touched yet (no SQLite file, no PostgreSQL table);
anything else is migrated with `upgrade` as before.
"""

import shutil
from pathlib import Path

import sqlalchemy as sa

from exlib_assets.core.db.engine import upgrade
from exlib_assets_tests.services.postgres import PostgresServer

POSTGRES_TEMPLATE = "exlib_migrated_template"


def migrated_sqlite_file(folder: Path) -> Path:
    """An SQLite database in `folder`, migrated to the newest revision."""
    path = folder / "migrated.db"
    upgrade(f"sqlite:///{path}")
    return path


def migrated_postgres_template(server: PostgresServer) -> str:
    """A database on `server`, migrated to the newest revision, to create others from; its name."""
    url = server.create_database(POSTGRES_TEMPLATE)
    upgrade(url)
    return POSTGRES_TEMPLATE


def copy_sqlite_if_new(url: sa.URL, template: Path) -> bool:
    """Copy `template` to the database file of `url` if there is none yet; True if copied."""
    target = Path(url.database or "")
    if not url.database or target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return True


def copy_postgres_if_empty(url: sa.URL, server: PostgresServer, template: str) -> bool:
    """Recreate the database of `url` from `template` if it has no table yet; True if recreated."""
    if url.port != server.port or not url.database:
        return False
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.scalar(
                sa.text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            )
    finally:
        engine.dispose()
    if tables:
        return False
    server.drop_database(url.database)
    server.create_database_from(url.database, template)
    return True
