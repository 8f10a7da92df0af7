"""`exlib status`, `exlib update` and `exlib rollback`: keeping a course's deployments current.

Update and rollback run the update_course_contents and rollback_course_content jobs on the
Dagster instance the UI shows, like `exlib deploy`. They import Dagster when they run: `exlib
status` does not need it.
"""

import dataclasses
import getpass

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app
from exlib_assets.core.settings import Settings
from exlib_assets.core.updates.status import status_of_contents
from exlib_assets.runs.instance import open_instance
from exlib_assets.runs.request_check import check_request


@click.command()
@click.argument("slug")
@click.option("--no-refresh", is_flag=True, help="Show the database's view without reading the repository first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(slug: str, no_refresh: bool, as_json: bool) -> None:
    """Show each content of course SLUG: deployed version, update available, customizations, proposals."""
    with open_app() as app:
        report = status_of_contents(app, slug, refresh=not no_refresh)
    if as_json:
        emit_json(dataclasses.asdict(report))
        return
    click.echo(
        f"{slug}: update policy {report.update_policy}, strategy {report.update_strategy}, "
        f"verification {report.verification_policy}"
    )
    if report.scan_problem:
        click.secho(f"warning: the repository could not be read ({report.scan_problem})", err=True, fg="yellow")
    rows = [
        {
            "path": c.path,
            "example": f"{c.example}@{c.constraint}" if c.constraint else c.example,
            "deployed": c.deployed,
            "status": c.status,
            "update": c.update_available or (f"({c.dismissed} skipped)" if c.dismissed else ""),
            "customized": ", ".join(c.customized),
            "proposal": c.merge_request_url or c.proposal_branch,
            "verdict": c.verdict or ("not verified" if c.deployed else ""),
        }
        for c in report.contents
    ]
    click.echo(table(rows, ["path", "example", "deployed", "status", "verdict", "update", "customized", "proposal"]))
    behind = sum(1 for c in report.contents if c.update_available)
    click.echo(f"{behind} update(s) available" + (f"; run `exlib update {slug}`" if behind else ""))


@click.command()
@click.argument("slug")
@click.argument("paths", nargs=-1)
@click.option(
    "--strategy",
    type=click.Choice(["overwrite", "merge", "skip"]),
    help="overwrite: replace local edits (git history keeps them); merge: three-way, conflicts become a "
    "proposal branch; skip: dismiss this version. Default: each content's own, else the course's.",
)
@click.option("--propose", is_flag=True, help="Put every update on a proposal branch instead of main.")
@click.option("--dry-run", is_flag=True, help="Show what each path would get; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def update(slug: str, paths: tuple[str, ...], strategy: str | None, propose: bool, dry_run: bool, as_json: bool):
    """Update the deployments of course SLUG that have a newer version (or only PATHS), in one run
    and one commit. Exits non-zero if any path failed."""
    from exlib_assets.cli.course_run_output import finish
    from exlib_assets.cli.progress import TerminalProgress
    from exlib_assets.defs.updates.config import UpdateConfig
    from exlib_assets.runs.course_jobs import UPDATE
    from exlib_assets.runs.course_run import run_course_job

    settings = Settings.from_env()
    check_request(settings, slug, paths)
    config = UpdateConfig(
        course=slug,
        paths=list(paths),
        strategy=strategy or "",
        propose=propose,
        dry_run=dry_run,
        requested_by=getpass.getuser(),
    )
    with open_instance(settings) as instance:
        run = run_course_job(instance, UPDATE, config, watcher=None if dry_run else TerminalProgress())
    finish(run, as_json)


@click.command()
@click.argument("slug")
@click.argument("path")
@click.option("--to", "to_version", help="A version PATH held before (default: the one before the current).")
@click.option("--strategy", type=click.Choice(["overwrite", "merge"]), help="What happens to local edits.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def rollback(slug: str, path: str, to_version: str | None, strategy: str | None, as_json: bool):
    """Redeploy an earlier version of content PATH of course SLUG, in one commit. The version left
    is not offered again until a newer one appears."""
    from exlib_assets.cli.course_run_output import finish
    from exlib_assets.defs.updates.config import RollbackConfig
    from exlib_assets.runs.course_jobs import ROLLBACK
    from exlib_assets.runs.course_run import run_course_job

    settings = Settings.from_env()
    check_request(settings, slug, (path,))
    config = RollbackConfig(
        course=slug,
        path=path,
        to_version=to_version or "",
        strategy=strategy or "",
        requested_by=getpass.getuser(),
    )
    with open_instance(settings) as instance:
        run = run_course_job(instance, ROLLBACK, config)
    finish(run, as_json)
