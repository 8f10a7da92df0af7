"""`exlib diff`: before updating, the library's change and the lecturer's own edits side by side."""

import dataclasses

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app
from exlib_assets.core.settings import Settings
from exlib_assets.core.updates.diff import ContentDiff, diff_content


@click.command()
@click.argument("slug")
@click.argument("path")
@click.option("--to", "to_version", metavar="VERSION", help="Compare with this library version instead of the update.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def diff(slug: str, path: str, to_version: str | None, as_json: bool) -> None:
    """Show what updating content PATH of course SLUG would change.

    Lists, file by file, what the library changed between the deployed version and the new one,
    what you changed since the deployment, and what an update with merge would do; then both
    changes as unified diffs. Reads only: nothing is written to the repository or the database.
    """
    with open_app(Settings.from_env()) as app:
        report = diff_content(app, slug, path, to_version)
    if as_json:
        emit_json(dataclasses.asdict(report))
    else:
        _print_diff(report)


def _print_diff(report: ContentDiff) -> None:
    versions = f"{report.deployed_version} -> {report.to_version}"
    click.echo(f"{report.path}: {report.example} {versions} (main at {report.commit[:7]})")
    rows = [{"file": f.path, "library": f.library, "yours": f.local, "on update": f.on_update} for f in report.files]
    click.echo(table(rows, ["file", "library", "yours", "on update"]))
    click.echo(f"\nLibrary changes ({versions}):")
    if report.deployed_version == report.to_version:
        click.echo(f"none: no update is on offer; {report.deployed_version} is the version {report.path} should hold.")
    else:
        click.echo(report.library_patch or "none: the two versions deploy the same files.\n", nl=False)
    click.echo("\nYour changes since deployment:")
    click.echo(report.local_patch or "none\n", nl=False)
