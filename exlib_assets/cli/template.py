"""`exlib template`: build and push a course's student template, as the UI would."""

import dataclasses
import getpass

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app
from exlib_assets.core.settings import Settings
from exlib_assets.core.templates.builder import TemplateReport, build_template
from exlib_assets.runs.instance import open_instance
from exlib_assets.runs.request_check import check_request


@click.command()
@click.argument("slug")
@click.option("--only", "only", multiple=True, help="Release only this content path and below (repeatable); kept.")
@click.option("--all", "release_all", is_flag=True, help="Release every content again.")
@click.option("--dry-run", is_flag=True, help="Show what the template would hold and change; push nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def template(slug: str, only: tuple[str, ...], release_all: bool, dry_run: bool, as_json: bool) -> None:
    """Build the student template of course SLUG from its assignments repository and push it.

    Materializes the `student_templates` partition SLUG on the Dagster instance the UI shows.
    A content that cannot be built, or in which the leak guard finds a solution, test or marker,
    is held back (students keep its last release); the rest is pushed and the command exits 1
    naming every held-back content and why.
    """
    if only and release_all:
        raise click.UsageError("give either --only PATH... or --all, not both")
    settings = Settings.from_env()
    check_request(settings, slug, only)
    if dry_run:
        with open_app(settings) as app:
            report = build_template(app, slug, only=list(only) or None, release_all=release_all, dry_run=True)
        return _finish(report, None, as_json)
    report, run_id = _materialize(settings, slug, list(only), release_all)
    _finish(report, run_id, as_json)


def _finish(report: TemplateReport, run_id: str | None, as_json: bool) -> None:
    _print(report, run_id, as_json)
    if report.held_back:
        verb = "would be" if report.dry_run else "was"
        click.echo(f"{len(report.held_back)} content(s) held back ({'the rest ' + verb + ' released'}):", err=True)
        for content in report.held_back:
            kept = "its last released files kept" if content.kept else "left out"
            click.echo(f"  {content.path} ({kept}): {content.reason}", err=True)
        click.echo("Fix each, deploy it again, then run `exlib template` again.", err=True)
        raise SystemExit(1)


def _materialize(settings: Settings, slug: str, only: list[str], release_all: bool) -> tuple[TemplateReport, str]:
    # Dagster is loaded only now: a dry run builds without it.
    from exlib_assets.defs.templates.assets import TemplateConfig
    from exlib_assets.runs.template_run import run_template

    config = TemplateConfig(only=only, release_all=release_all, requested_by=getpass.getuser())
    with open_instance(settings) as instance:
        return run_template(instance, slug, config)


def _print(report: TemplateReport, run_id: str | None, as_json: bool) -> None:
    if as_json:
        return emit_json({**dataclasses.asdict(report), "run_id": run_id})
    rows = [
        {"content": c.path, "kind": c.kind, "files": len(c.files), "notes": "; ".join(c.notes)} for c in report.included
    ]
    click.echo(table(rows, ["content", "kind", "files", "notes"]))
    for path, reason in sorted(report.left_out.items()):
        click.echo(f"  left out {path}: {reason}")
    verb = "would " if report.dry_run else ""
    click.echo(f"{verb}write {len(report.written)} file(s), {verb}remove {len(report.removed)}")
    click.echo(f"built from assignments {report.source_commit or '(empty)'}")
    if not report.dry_run:
        click.echo(f"commit: {report.commit}" if report.commit else "no commit (nothing changed)")
        click.echo(f"run: {run_id}")
