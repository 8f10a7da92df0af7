"""`exlib deploy`: run the deploy_course_contents job (or, with --dry-run, preview_deployment)
on the Dagster instance the UI shows, with a progress bar while it works."""

import getpass

import click

from exlib_assets.cli.course_run_output import finish
from exlib_assets.cli.progress import TerminalProgress
from exlib_assets.core.settings import Settings
from exlib_assets.defs.deployments.config import DeployConfig
from exlib_assets.runs.course_run import run_deploy
from exlib_assets.runs.instance import open_instance
from exlib_assets.runs.request_check import check_request


@click.command()
@click.argument("slug")
@click.argument("paths", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Show per path what would be written, removed or refused; change nothing")
@click.option("--overwrite", is_flag=True, help="Replace local edits, other examples and content not from the library.")
@click.option("--with-dependencies", is_flag=True, help="Assign missing dependencies next to the content needing them.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def deploy(slug: str, paths: tuple[str, ...], dry_run: bool, overwrite: bool, with_dependencies: bool, as_json: bool):
    """Deploy the examples assigned in course SLUG (all, or only PATHS) in one run and one commit.

    A path holding local edits, another example or content not from the library is a
    conflict and is left alone unless --overwrite is given. Exits non-zero if any path was
    not deployed.
    """
    settings = Settings.from_env()
    check_request(settings, slug, paths)
    config = DeployConfig(
        course=slug,
        paths=list(paths),
        overwrite=overwrite,
        with_dependencies=with_dependencies,
        requested_by=getpass.getuser(),
    )
    with open_instance(settings) as instance:
        run = run_deploy(instance, config, dry_run=dry_run, watcher=None if dry_run else TerminalProgress())
    finish(run, as_json)
