"""`exlib report`: the analytics tables the Dagster assets store, for people and for scripts."""

import csv
import json
import sys

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.analytics.display import display_rows, json_records
from exlib_assets.core.analytics.report import (
    RECENT_DAYS,
    AnalyticsReport,
    activity_figures,
    build_report,
    course_figures,
    usage_figures,
)
from exlib_assets.core.app import open_app
from exlib_assets.core.errors import ExlibError

TABLE_NAMES = ["example_usage", "example_uses", "course_status", "deployment_activity"]
# What a terminal has room for; --json and --csv have every column.
TEXT_COLUMNS = {
    "example_usage": [
        "example",
        "newest_version",
        "uses",
        "courses",
        "versions_in_use",
        "uses_behind",
        "max_versions_behind",
        "max_days_behind",
        "customized_share",
        "last_deployed_at",
    ],
    "example_uses": ["example", "course", "path", "version", "newest_version", "versions_behind", "days_behind"],
    "course_status": [
        "course",
        "contents",
        "deployed",
        "pending",
        "failed",
        "updates_available",
        "behind",
        "customized",
        "open_proposals",
        "last_template_commit",
    ],
    "deployment_activity": ["day", "course", "deployments", "failures", "runs", "median_duration_seconds"],
}
TITLES = {
    "example_usage": "Example usage",
    "example_uses": "Uses behind the library",
    "course_status": "Courses",
    "deployment_activity": "Deployment activity",
}


@click.command()
@click.option("--table", "tables", multiple=True, type=click.Choice(TABLE_NAMES), help="Only these tables.")
@click.option("--json", "as_json", is_flag=True, help="Every table, every column, as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="One table (name it with --table) as CSV.")
def report(tables: tuple[str, ...], as_json: bool, as_csv: bool) -> None:
    """Which examples are used where, which courses are behind, and how deployments went.

    The same tables the analytics assets (example_usage, course_status, deployment_activity)
    store in the database, computed now.
    """
    if as_json and as_csv:
        raise ExlibError("choose one of --json and --csv.")
    if as_csv and len(tables) != 1:
        raise ExlibError(f"--csv prints one table; name it with --table ({', '.join(TABLE_NAMES)}).")
    with open_app() as app:
        result = build_report(app)
    frames = result.tables()
    if as_csv:
        _print_csv(frames[tables[0]])
    elif as_json:
        chosen = tables or TABLE_NAMES
        emit_json(
            {
                "computed_at": result.computed_at.isoformat(),
                "figures": _figures(result),
                **{name: json_records(frames[name]) for name in chosen},
            }
        )
    else:
        print_report(result, tables)


def _figures(result: AnalyticsReport) -> dict:
    return {
        "example_usage": usage_figures(result),
        "course_status": course_figures(result),
        "deployment_activity": activity_figures(result),
    }


def print_report(result: AnalyticsReport, tables: tuple[str, ...] = ()) -> None:
    """The tables for a terminal, then the figures that matter most in one line."""
    frames = result.tables()
    # By default only the uses that are behind: the full list is one row per deployment.
    frames["example_uses"] = frames["example_uses"][frames["example_uses"]["versions_behind"] > 0]
    for number, name in enumerate(tables or TABLE_NAMES):
        click.secho(("\n" if number else "") + TITLES[name], bold=True)
        click.echo(table(display_rows(frames[name]), TEXT_COLUMNS[name]))
    figures = {**course_figures(result), **activity_figures(result)}
    courses = figures["courses"]
    click.echo(
        f"\n{courses} course{'' if courses == 1 else 's'}, {figures['courses_behind']} behind the library, "
        f"{figures['courses_with_failures']} with failures; failure rate {figures['failure_rate']:.1%} "
        f"({figures[f'failure_rate_last_{RECENT_DAYS}_days']:.1%} in the last {RECENT_DAYS} days)"
    )


def _print_csv(frame) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(frame.columns), lineterminator="\n")
    writer.writeheader()
    for row in json_records(frame):
        writer.writerow(
            {key: json.dumps(value) if isinstance(value, dict | list) else value for key, value in row.items()}
        )
