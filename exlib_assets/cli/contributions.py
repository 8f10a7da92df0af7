"""`exlib contribute` and `exlib library accept|reject|contributions`: lecturers' changes back to the library."""

import getpass

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app


@click.command()
@click.argument("slug")
@click.argument("path")
@click.option("--message", "-m", help="What the change is about (the branch's commit message, the history's note).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def contribute(slug: str, path: str, message: str | None, as_json: bool) -> None:
    """Propose the lecturer's edits of content PATH of course SLUG as its example's next version.

    With a git library source: a branch exlib/contrib/<identifier>/<version> in the source. Without
    one: a pre-release <next>-contrib.<n> an admin accepts or rejects (`exlib library accept|reject`).
    """
    from exlib_assets.core.contributions.contribute import contribute as propose

    with open_app() as app:
        view = propose(app, slug, path, message=message, actor=getpass.getuser())
    if as_json:
        emit_json(view.to_dict())
        return
    click.echo(f"proposed {view.example}@{view.proposed_version} (from {view.base_version}): {', '.join(view.files)}")
    if view.kind == "branch":
        click.echo(f"branch {view.branch} in library source {view.source}; merge it there, then sync the source.")
    else:
        reference = f"{view.example}@{view.proposed_version}"
        click.echo(f"an admin publishes it with `exlib library accept {reference}` (or `exlib library reject`).")


@click.command()
@click.argument("reference", metavar="IDENTIFIER@VERSION")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def accept(reference: str, as_json: bool) -> None:
    """Publish contribution IDENTIFIER@VERSION as the example's next version; its course then holds it."""
    from exlib_assets.core.contributions.decide import accept as publish

    with open_app() as app:
        view = publish(app, reference, actor=getpass.getuser())
    if as_json:
        emit_json(view.to_dict())
    else:
        click.echo(f"published {view.example}@{view.accepted_version} from {reference} by {view.contributed_by}.")
        click.echo(f"{view.course}/{view.path}: {view.course_outcome}")


@click.command()
@click.argument("reference", metavar="IDENTIFIER@VERSION")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def reject(reference: str, as_json: bool) -> None:
    """Drop contribution IDENTIFIER@VERSION from the library; the course keeps its edits."""
    from exlib_assets.core.contributions.decide import reject as drop

    with open_app() as app:
        view = drop(app, reference, actor=getpass.getuser())
    if as_json:
        emit_json(view.to_dict())
    else:
        click.echo(f"rejected {reference}; {view.course}/{view.path} keeps its edits.")


@click.command("contributions")
@click.option("--all", "every", is_flag=True, help="Also the accepted and rejected ones.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def contributions(every: bool, as_json: bool) -> None:
    """List the contributions waiting for a decision (with --all, every one)."""
    from exlib_assets.core.contributions.lookup import list_contributions
    from exlib_assets.core.contributions.report import view_of

    with open_app() as app, app.db.session() as session:
        views = [view_of(row).to_dict() for row in list_contributions(session, status=None if every else "open")]
    if as_json:
        emit_json(views)
        return
    rows = [
        {**v, "proposed": f"{v['example']}@{v['proposed_version']}", "where": v["branch"] or "library"} for v in views
    ]
    click.echo(table(rows, ["proposed", "course", "path", "contributed_by", "status", "where"]))
