"""`exlib library`: import, list and show examples."""

from pathlib import Path

import click

from exlib_assets.cli.contributions import accept, contributions, reject
from exlib_assets.cli.library_sources import source
from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.app import open_app


@click.group()
def library() -> None:
    """The Example Library."""


@library.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_(paths: tuple[Path, ...], as_json: bool) -> None:
    """Import example folders (each holding a meta.yaml), or every example under a folder.

    A new version tag becomes a new version; the same tag with the same content changes
    nothing; the same tag with other content is refused. Exits non-zero if any failed.
    """
    with open_app() as app:
        report = app.library.import_paths(paths)
    if as_json:
        emit_json(report.to_dict())
    else:
        for entry in report.imported:
            click.echo(f"imported   {entry['identifier']}@{entry['version']}  ({entry['files']} files)")
            for note in entry["notes"]:
                click.echo(f"           note: {note}")
        for entry in report.unchanged:
            click.echo(f"unchanged  {entry['identifier']}@{entry['version']}")
        for entry in report.failed:
            click.secho(f"FAILED     {entry['path']}\n           {entry['error']}", fg="red")
        click.echo(f"{len(report.imported)} imported, {len(report.unchanged)} unchanged, {len(report.failed)} failed.")
    if not report.ok:
        raise SystemExit(1)


@library.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(as_json: bool) -> None:
    """List the examples in the library with their versions."""
    with open_app() as app:
        examples = app.library.list_examples()
    if as_json:
        emit_json(examples)
        return
    rows = [{**e, "versions": ", ".join(e["versions"])} for e in examples]
    click.echo(table(rows, ["identifier", "latest", "versions", "backend", "title"]))


@library.command("show")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(reference: str, as_json: bool) -> None:
    """Show one example version: IDENTIFIER (newest) or IDENTIFIER@VERSION (or @^1.2, @latest)."""
    with open_app() as app:
        details = app.library.show(reference)
    if as_json:
        emit_json(details)
        return
    click.echo(f"{details['identifier']}@{details['version']}  {details['title'] or ''}")
    click.echo(f"  versions:  {', '.join(details['versions'])} (latest {details['latest']})")
    click.echo(f"  digest:    {details['digest']}")
    if details["source_commit"]:
        click.echo(f"  source:    {details['source']} at commit {details['source_commit']}")
    click.echo(f"  size:      {details['file_count']} files, {details['size_bytes']} bytes")
    click.echo("  dependencies:")
    for dep in details["dependencies"] or [{"identifier": "(none)", "constraint": "", "resolves_to": ""}]:
        resolved = f" -> {dep['resolves_to']}" if dep.get("resolves_to") else ""
        click.echo(f"    {dep['identifier']} {dep['constraint']}{resolved}")
    click.echo("  files:")
    for path in details["files"]:
        click.echo(f"    {path}")


@library.command("verify")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
def verify(reference: str, as_json: bool) -> None:
    """Run an example version's tests against its reference solution (they must pass) and its
    student view (it must load, and must not pass), in a sandbox, and keep the verdict.

    REFERENCE is IDENTIFIER (latest) or IDENTIFIER@VERSION. Exits 1 when the verdict is failed;
    `no runner` (no way to run that language here) exits 0 with the reason.
    """
    # Loaded here: the other library commands need none of the sandbox and its runners.
    from exlib_assets.core.verification.service import verify_version
    from exlib_assets.core.verification.verdict import FAILED

    with open_app() as app:
        verdict = verify_version(app, reference)
    data = verdict.to_dict()
    if as_json:
        emit_json(data)
    else:
        click.echo(f"{data['example']}: {data['verdict']}  ({data['runner'] or 'no runner'}, {data['seconds']} s)")
        if data["reason"]:
            click.echo(f"  {data['reason']}")
        for side in ("reference", "template"):
            result = data[side]
            if result is None:
                continue
            failing = [t["name"] for t in result["tests"] if t["outcome"] in ("failed", "error")]
            state = "passes" if result["passed"] else ("does not load" if not result["loaded"] else "does not pass")
            shown = f", failing: {', '.join(failing[:5])}" if failing else ""
            click.echo(f"  {side}: {state}, {len(result['tests'])} tests{shown}")
        if data["network"]:
            click.echo(f"  network: {data['network']}")
        if verdict.verdict == FAILED:
            for side in ("reference", "template"):
                if data[side] and data[side]["output"]:
                    click.echo(f"--- {side} output (end) ---\n{data[side]['output'][-1500:]}")
    if verdict.verdict == FAILED:
        raise SystemExit(1)


library.add_command(source)
library.add_command(accept)
library.add_command(reject)
library.add_command(contributions)
