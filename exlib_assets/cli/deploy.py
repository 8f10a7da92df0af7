"""`exlib deploy`: make a course's assignments repository hold what its contents are assigned."""

import dataclasses
import getpass

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app
from exlib_assets.core.deployments.deployer import deploy_course


@click.command()
@click.argument("slug")
@click.argument("paths", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Show per path what would be written or removed; change nothing.")
@click.option("--overwrite", is_flag=True, help="Replace local edits and content not from the library.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def deploy(slug: str, paths: tuple[str, ...], dry_run: bool, overwrite: bool, as_json: bool) -> None:
    """Deploy the examples assigned in course SLUG (all, or only PATHS) in one commit.

    A path holding local edits, another example or content not from the library is a
    conflict and is left alone unless --overwrite is given. Exits non-zero if any path failed.
    """
    with open_app() as app:
        report = deploy_course(
            app, slug, list(paths) or None, overwrite=overwrite, dry_run=dry_run, actor=getpass.getuser()
        )
    if as_json:
        emit_json(dataclasses.asdict(report))
    else:
        rows = [
            {
                "path": o.path,
                "example": f"{o.example}@{o.version}",
                "outcome": ("would deploy" if dry_run and o.status == "deployed" else o.status),
                "files": f"+{len(o.written)} -{len(o.removed)}" if o.written or o.removed else "",
                "reason": o.reason or "",
            }
            for o in report.outcomes
        ]
        click.echo(table(rows, ["path", "example", "outcome", "files", "reason"]))
        if dry_run:
            for o in report.outcomes:
                for relpath in o.written:
                    click.echo(f"  {o.path}: write  {relpath}")
                for relpath in o.removed:
                    click.echo(f"  {o.path}: remove {relpath}")
        click.echo(f"commit: {report.commit}" if report.commit else "no commit (nothing changed)")
    if not report.ok:
        raise SystemExit(1)
