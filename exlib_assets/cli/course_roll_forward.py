"""`exlib course roll-forward` and `exlib course family`: the next semester of a course."""

import getpass

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app


@click.command("roll-forward")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--title", help="The new course's title (default: FROM's).")
@click.option(
    "--versions",
    type=click.Choice(["keep", "latest"]),
    default="keep",
    show_default=True,
    help="keep: the versions FROM holds; latest: the newest each constraint allows.",
)
@click.option(
    "--carry-customizations",
    is_flag=True,
    help="Carry the lecturer's edits of FROM onto TO, merged three-way with newer versions; "
    "a conflict becomes a proposal branch in TO.",
)
@click.option("--dry-run", is_flag=True, help="Only show what TO would get; create nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def roll_forward(
    source: str, target: str, title: str | None, versions: str, carry_customizations: bool, dry_run: bool, as_json: bool
) -> None:
    """Create course TO for the next semester from course FROM and deploy it in one commit.

    TO gets FROM's content tree, assignments and constraints, policies and release selection,
    and is linked to FROM (`exlib course show TO` shows the family). Exits non-zero if a path failed.
    """
    from exlib_assets.core.rollforward import roll_forward as roll

    with open_app() as app:
        report = roll(
            app,
            source,
            target,
            title=title,
            versions=versions,
            carry_customizations=carry_customizations,
            dry_run=dry_run,
            actor=getpass.getuser(),
        )
    if as_json:
        emit_json(report.to_dict())
    else:
        verb = "would get" if dry_run else "got"
        click.echo(f"{target} (from {source}, versions {versions}) {verb}:")
        click.echo(table(report.contents, ["path", "example", "version", "status"]))
        for carried in report.carried:
            click.echo(f"carried edits of {carried['path']}: {', '.join(carried['changes'])}")
        for merged in report.merged:
            where = f" on branch {merged['branch']}" if merged["branch"] else ""
            click.echo(f"{merged['path']}: {merged['status']} to {merged['version']}{where}")
    if not report.ok:
        raise SystemExit(1)


@click.command("family")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def family(slug: str, as_json: bool) -> None:
    """Show the courses rolled forward from one another with course SLUG, and the versions each holds."""
    with open_app() as app:
        with app.db.session() as session:
            members = family_of(session, slug)
    if as_json:
        emit_json(members)
        return
    for line in family_lines(members):
        click.echo(line)


def family_of(session, slug: str) -> list[dict]:
    from exlib_assets.core.rollforward import course_family

    return course_family(session, slug)


def family_lines(members: list[dict]) -> list[str]:
    """The family as `course show` prints it: one line per semester, then its examples and versions."""
    lines = []
    for member in members:
        origin = f" (rolled from {member['rolled_from']})" if member["rolled_from"] else ""
        lines.append(f"{member['slug']}{origin}")
        lines += [f"  {e['path']}: {e['example']}@{e['version']}" for e in member["examples"]]
    return lines
