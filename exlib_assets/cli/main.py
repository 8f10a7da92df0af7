"""`exlib`: the command line of the Example Library.

Each command's module is imported only when that command runs: `exlib --help` and the read-only
commands would otherwise pay for Dagster, pandas and Alembic on every call. The one-line
summaries `--help` shows are kept here so that listing the commands imports none of them; a test
keeps them equal to the commands' own docstrings.
"""

import importlib
import textwrap
import warnings
from typing import NamedTuple

import click

from exlib_assets.core.errors import ExlibError


class LazyCommand(NamedTuple):
    module: str  # under exlib_assets.cli
    attribute: str
    summary: str  # the command's own short help, for `exlib --help`


COMMANDS = {
    "api": LazyCommand(
        "api", "api", "The HTTP API: deploy examples, follow runs, release templates, per-course access."
    ),
    "assign": LazyCommand(
        "course",
        "assign",
        "Say that content PATH of course SLUG should hold EXAMPLE[@VERSION|@CONSTRAINT] (default latest).",
    ),
    "check": LazyCommand(
        "repair", "check", "Compare what course SLUG's assignments repository holds with what the database says."
    ),
    "contribute": LazyCommand(
        "contributions",
        "contribute",
        "Propose the lecturer's edits of content PATH of course SLUG as its example's next version.",
    ),
    "course": LazyCommand("course", "course", "Courses and their contents."),
    "db": LazyCommand("db", "db", "The application database."),
    "demo": LazyCommand("demo", "demo", "Run the whole flow on the sample library, headless, and print what happened."),
    "deploy": LazyCommand(
        "deploy",
        "deploy",
        "Deploy the examples assigned in course SLUG (all, or only PATHS) in one run and one commit.",
    ),
    "diff": LazyCommand("diff", "diff", "Show what updating content PATH of course SLUG would change."),
    "history": LazyCommand(
        "history",
        "history",
        "Who did what to course SLUG, when, and in which commit, newest first: assignments, deployments, updates, "
        "rollbacks, lecturers' edits and student template releases.",
    ),
    "library": LazyCommand("library", "library", "The Example Library."),
    "migrate": LazyCommand(
        "migrate", "migrate", "Move existing courses into the Example Library without redeploying them."
    ),
    "repair": LazyCommand("repair", "repair", "Make the database say what course SLUG's assignments repository holds."),
    "report": LazyCommand(
        "report", "report", "Which examples are used where, which courses are behind, and how deployments went."
    ),
    "rollback": LazyCommand(
        "updates", "rollback", "Redeploy an earlier version of content PATH of course SLUG, in one commit."
    ),
    "sample": LazyCommand("demo", "sample", "The sample library and course shipped with exlib."),
    "status": LazyCommand(
        "updates",
        "status",
        "Show each content of course SLUG: deployed version, update available, customizations, proposals.",
    ),
    "template": LazyCommand(
        "template",
        "template",
        "Build the student template of course SLUG from its assignments repository and push it.",
    ),
    "token": LazyCommand(
        "token", "token", "Bearer tokens for the HTTP API: an admin may touch every course, a lecturer only theirs."
    ),
    "unassign": LazyCommand(
        "course",
        "unassign",
        "Say that content PATH of course SLUG should hold nothing; the next `exlib deploy SLUG` removes its folder "
        "and tracking in one commit, with history.",
    ),
    "update": LazyCommand(
        "updates",
        "update",
        "Update the deployments of course SLUG that have a newer version (or only PATHS), in one run and one commit.",
    ),
}


def load_command(name: str) -> click.Command:
    entry = COMMANDS[name]
    module = importlib.import_module(f"exlib_assets.cli.{entry.module}")
    return getattr(module, entry.attribute)


class ExlibGroup(click.Group):
    """Loads each command on first use, and shows an ExlibError as one clear message and exit
    code 1, not as a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return load_command(name) if name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click's own listing would load every command to ask for its short help.
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        with formatter.section("Commands"):
            formatter.write_dl([(name, _shortened(COMMANDS[name].summary, limit)) for name in names])

    def invoke(self, ctx: click.Context):
        # Dagster announces its beta and preview parameters (ours: the deployment asset's backfill
        # policy) on every load of the definitions; a lecturer can do nothing about them.
        warnings.filterwarnings("ignore", message=r".* is currently in (beta|preview)")
        try:
            return super().invoke(ctx)
        except ExlibError as error:
            click.secho(f"error: {error}", err=True, fg="red")
            ctx.exit(1)


def _shortened(summary: str, limit: int) -> str:
    """`summary` cut to `limit` characters at a word, as click cuts a command's short help."""
    if len(summary) <= limit:
        return summary
    return textwrap.shorten(summary, max(limit, 3), placeholder="...", break_on_hyphens=False)


@click.group(cls=ExlibGroup)
def cli() -> None:
    """Keep a versioned Example Library and deploy it into course repositories.

    State lives under EXLIB_HOME (default ./.exlib) unless EXLIB_DATABASE_URL,
    EXLIB_STORAGE_URL and EXLIB_GIT_URL point elsewhere.
    """
