"""`exlib history`: a course's audit trail."""

import dataclasses

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app
from exlib_assets.core.history import course_history


@click.command()
@click.argument("slug")
@click.option("--path", help="Only this content and what is below it.")
@click.option("--event", "events", multiple=True, help="Only these kinds (deployed, assigned, template_released...).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="The newest N entries.")
@click.option("--json", "as_json", is_flag=True)
def history(slug: str, path: str | None, events: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Who did what to course SLUG, when, and in which commit, newest first: assignments,
    deployments, updates, rollbacks, lecturers' edits and student template releases."""
    with open_app() as app, app.db.session() as session:
        entries = course_history(session, slug, path=path, events=list(events) or None, limit=limit)
    if as_json:
        emit_json([dataclasses.asdict(entry) | {"at": entry.at.isoformat()} for entry in entries])
        return
    rows = [
        {
            "at": entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            "event": entry.event,
            "path": entry.path or "",
            "example": entry.example or "",
            "change": entry.change,
            "commit": (entry.commit or "")[:12],
            "actor": entry.actor or "",
        }
        for entry in entries
    ]
    click.echo(table(rows, ["at", "event", "path", "example", "change", "commit", "actor"]))
