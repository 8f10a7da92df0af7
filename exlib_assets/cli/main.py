"""`exlib`: the command line of the Example Library."""

import click

from exlib_assets.cli.api import api
from exlib_assets.cli.course import assign, course, unassign
from exlib_assets.cli.db import db
from exlib_assets.cli.demo import demo, sample
from exlib_assets.cli.deploy import deploy
from exlib_assets.cli.diff import diff
from exlib_assets.cli.history import history
from exlib_assets.cli.library import library
from exlib_assets.cli.migrate import migrate
from exlib_assets.cli.repair import check, repair
from exlib_assets.cli.report import report
from exlib_assets.cli.template import template
from exlib_assets.cli.token import token
from exlib_assets.cli.updates import rollback, status, update
from exlib_assets.core.errors import ExlibError


class ExlibGroup(click.Group):
    """Shows an ExlibError as one clear message and exit code 1, not as a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ExlibError as error:
            click.secho(f"error: {error}", err=True, fg="red")
            ctx.exit(1)


@click.group(cls=ExlibGroup)
def cli() -> None:
    """Keep a versioned Example Library and deploy it into course repositories.

    State lives under EXLIB_HOME (default ./.exlib) unless EXLIB_DATABASE_URL,
    EXLIB_STORAGE_URL and EXLIB_GIT_URL point elsewhere.
    """


cli.add_command(db)
cli.add_command(library)
cli.add_command(course)
cli.add_command(assign)
cli.add_command(unassign)
cli.add_command(deploy)
cli.add_command(check)
cli.add_command(repair)
cli.add_command(template)
cli.add_command(status)
cli.add_command(update)
cli.add_command(rollback)
cli.add_command(diff)
cli.add_command(migrate)
cli.add_command(report)
cli.add_command(history)
cli.add_command(sample)
cli.add_command(demo)
cli.add_command(api)
cli.add_command(token)
