"""`exlib check` and `exlib repair`: does the database mirror a course's assignments repository?"""

import dataclasses
import getpass

import click

from exlib_assets.cli.output import emit_json
from exlib_assets.core.app import open_app
from exlib_assets.core.deployments.consistency import compare_course, repair_course


@click.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(slug: str, as_json: bool) -> None:
    """Compare what course SLUG's assignments repository holds with what the database says.

    Reads the repository, changes nothing. Exits non-zero if they differ.
    """
    with open_app() as app:
        report = compare_course(app, slug)
    if as_json:
        differences = [{**dataclasses.asdict(d), "description": d.describe()} for d in report.differences]
        emit_json({**dataclasses.asdict(report), "differences": differences, "ok": report.ok})
    elif report.ok:
        click.echo(f"{slug}: the database agrees with the repository (commit {report.commit or 'none yet'})")
    else:
        for difference in report.differences:
            click.echo(difference.describe())
        click.echo(
            f"{len(report.differences)} difference(s) at commit {report.commit or 'none yet'}; "
            f"`exlib repair {slug}` makes the database say what the repository holds."
        )
    if not report.ok:
        raise SystemExit(1)


@click.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def repair(slug: str, as_json: bool) -> None:
    """Make the database say what course SLUG's assignments repository holds.

    The repository is the source of truth and is not changed. Every change is recorded in the
    deployment history. Exits non-zero if something could not be repaired.
    """
    with open_app() as app:
        report = repair_course(app, slug, actor=getpass.getuser())
    if as_json:
        emit_json({**dataclasses.asdict(report), "ok": report.ok})
    else:
        for change in report.changes:
            click.echo(f"repaired      {change}")
        for problem in report.unrepairable:
            click.echo(f"NOT REPAIRED  {problem}")
        click.echo(
            f"{len(report.changes)} repaired, {len(report.unrepairable)} not repaired "
            f"(commit {report.commit or 'none yet'})."
        )
    if not report.ok:
        raise SystemExit(1)
