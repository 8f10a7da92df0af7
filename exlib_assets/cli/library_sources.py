"""`exlib library source`: the git repositories the library is synced from."""

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app
from exlib_assets.core.githost.base import DEFAULT_BRANCH


@click.group()
def source() -> None:
    """Git repositories holding example folders, synced into the library."""


@source.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--branch", default=DEFAULT_BRANCH, show_default=True, help="The branch to read.")
@click.option("--under", default="", help="Read only the examples below this folder of the repository.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def add(name: str, url: str, branch: str, under: str, as_json: bool) -> None:
    """Add source NAME: a local git repository or a git URL, without credentials in it.

    A token for an HTTP(S) URL comes from EXLIB_SOURCE_TOKEN__<NAME> (or EXLIB_GITLAB_TOKEN for
    the GitLab server exlib uses); SSH keys and git credential helpers work as for git itself.
    """
    from exlib_assets.core.library_sources import add_source

    with open_app() as app:
        added = add_source(app, name, url, branch=branch, under=under)
    if as_json:
        emit_json(added)
    else:
        click.echo(
            f"added source {added['name']}: {added['url']} ({added['branch']}); sync it with "
            f"`exlib library source sync {added['name']}`."
        )


@source.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(as_json: bool) -> None:
    """List the sources with the commit each was last synced at."""
    from exlib_assets.core.library_sources import list_sources

    with open_app() as app:
        sources = list_sources(app)
    if as_json:
        emit_json(sources)
        return
    rows = [{**s, "synced_commit": (s["synced_commit"] or "never")[:12], "failing": len(s["failing"])} for s in sources]
    click.echo(table(rows, ["name", "url", "branch", "under", "synced_commit", "examples", "failing"]))


@source.command("sync")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sync(name: str | None, as_json: bool) -> None:
    """Import what changed in source NAME (or every source) since its last sync. Exits non-zero if any failed."""
    from exlib_assets.core.library_sources import list_sources, sync_source

    with open_app() as app:
        names = [name] if name else [entry["name"] for entry in list_sources(app)]
        reports = [sync_source(app, each) for each in names]
    if as_json:
        emit_json(reports[0].to_dict() if name else [report.to_dict() for report in reports])
    else:
        for report in reports:
            click.echo(f"{report.source} at {report.commit[:12]}:")
            for entry in report.imported:
                click.echo(f"  imported   {entry['identifier']}@{entry['version']}  ({entry['path']})")
            for entry in report.failed:
                click.secho(f"  FAILED     {entry['path']}\n             {entry['error']}", fg="red")
            click.echo(
                f"  {len(report.imported)} imported, {len(report.unchanged)} unchanged, {len(report.failed)} failed."
            )
    if not all(report.ok for report in reports):
        raise SystemExit(1)


@source.command("remove")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def remove(name: str, as_json: bool) -> None:
    """Forget source NAME; the versions it brought stay in the library."""
    from exlib_assets.core.library_sources import remove_source

    with open_app() as app:
        removed = remove_source(app, name)
    if as_json:
        emit_json(removed)
    else:
        click.echo(f"removed source {name}; its {removed['versions_kept']} versions stay in the library.")
