"""How `exlib deploy`, `update` and `rollback` print a course run: its report, then its error."""

import dataclasses

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.deployments.outcomes import DeployReport
from exlib_assets.runs.course_run import CourseRun

PREVIEW_WORDS = {"deployed": "would deploy", "removed": "would remove"}


def finish(run: CourseRun, as_json: bool) -> None:
    """Print the run's report (as JSON or a table); exit 1 if any path failed or the run did."""
    if as_json:
        extra = {"run_error": run.run_error} if run.run_error else {}
        emit_json({**dataclasses.asdict(run.report), "run_id": run.run_id, **extra})
    else:
        print_report(run.report, run.run_id)
    if run.run_error:
        click.echo(f"error: the run failed after its report: {run.run_error}", err=True)
    if not run.ok:
        raise SystemExit(1)


def print_report(report: DeployReport, run_id: str) -> None:
    rows = [
        {
            "path": o.path,
            "example": o.change,
            "outcome": PREVIEW_WORDS.get(o.status, o.status) if report.dry_run else o.status,
            "files": f"+{len(o.written)} -{len(o.removed)}" if o.written or o.removed else "",
            "dependencies": ", ".join(f"{d.identifier} at {d.deployed_path}" for d in o.dependencies),
            "reason": o.detail,
        }
        for o in report.outcomes
    ]
    click.echo(table(rows, ["path", "example", "outcome", "files", "dependencies", "reason"]))
    if report.dry_run:
        for o in report.outcomes:
            for relpath in o.written:
                click.echo(f"  {o.path}: write  {relpath}")
            for relpath in o.removed:
                click.echo(f"  {o.path}: remove {relpath}")
    for o in report.outcomes:
        if o.branch and not report.dry_run:
            click.echo(
                f"  {o.path}: proposal on branch {o.branch}"
                + (f" - {o.merge_request_url}" if o.merge_request_url else "")
            )
        for conflict in o.conflicts:
            click.echo(f"  {o.path}: conflict in {conflict}")
    for note in report.notes:
        click.echo(f"note: {note}")
    click.echo(f"commit: {report.commit}" if report.commit else "no commit (nothing changed)")
    click.echo(f"run: {run_id}")
