"""`exlib db`: the application database's schema."""

import click

from exlib_assets.core.db.engine import create_db_engine, current_revision, head_revision, upgrade
from exlib_assets.core.settings import Settings


@click.group()
def db() -> None:
    """The application database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the current version."""
    settings = Settings.from_env()
    upgrade(settings.database_url)
    engine = create_db_engine(settings.database_url)
    shown = engine.url.render_as_string(hide_password=True)
    click.echo(f"database {shown} is at schema {current_revision(engine)} (head {head_revision()}).")
    engine.dispose()
