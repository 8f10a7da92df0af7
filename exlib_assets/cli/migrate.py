"""`exlib migrate`: move an existing course's assignments into the Example Library, in place."""

import getpass

import click

from exlib_assets.cli.output import emit_json
from exlib_assets.core.app import open_app
from exlib_assets.core.migrate.adopter import AdoptReport, adopt_course
from exlib_assets.core.migrate.importer import FolderImport, MigrationImport, import_repository

_INDENT = " " * 13


@click.group()
def migrate() -> None:
    """Move existing courses into the Example Library without redeploying them."""


@migrate.command("import")
@click.argument("source")
@click.option("--under", metavar="PATH", help="Only the assignment folders below this folder of the repository.")
@click.option("--prefix", metavar="IDENTIFIER_PREFIX", help="Put before generated identifiers, e.g. `prog1`.")
@click.option("--dry-run", is_flag=True, help="Check and report everything; import nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_(source: str, under: str | None, prefix: str | None, dry_run: bool, as_json: bool) -> None:
    """Import every assignment folder of SOURCE (a folder, or a git URL) as a library example version.

    A folder without a meta.yaml gets one inferred from its files; every inferred field is shown
    as guessed, with what students would get from the folder and the files left out for review
    (test-run outputs, master/solution/reference copies, copies of test cases). References between
    folders are shown as testDependencies suggestions and are not written anywhere. Exits non-zero
    if any folder failed.
    """
    with open_app() as app:
        report = import_repository(app, source, under=under, prefix=prefix, dry_run=dry_run)
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_import(report)
    if not report.ok:
        raise SystemExit(1)


@migrate.command("adopt")
@click.argument("slug")
@click.option("--under", metavar="PATH", help="Only the folders below this folder of the assignments repository.")
@click.option(
    "--pin", is_flag=True, help="Assign exactly the adopted versions instead of ^VERSION (no updates offered)."
)
@click.option("--dry-run", is_flag=True, help="Show what would be adopted; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def adopt(slug: str, under: str | None, pin: bool, dry_run: bool, as_json: bool) -> None:
    """Link the existing folders of course SLUG to the library versions they hold, without rewriting them.

    Writes tracking files (and the library's meta.yaml where a folder had none), the course index
    and history in one commit, and records the deployments. Folders matching no library version
    stay traditional content and are listed.
    """
    with open_app() as app:
        report = adopt_course(app, slug, under=under, pin=pin, dry_run=dry_run, actor=getpass.getuser())
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_adopt(report)


def _print_import(report: MigrationImport) -> None:
    for example in report.examples:
        _print_example(example)
    for suggestion in report.dependencies:
        needed = f"`{suggestion.identifier}`" if suggestion.identifier else f"what {suggestion.needs} is imported as"
        action = "already in its testDependencies" if suggestion.declared else f"add {needed} to its testDependencies"
        click.echo(f"{'suggestion':<12} {suggestion.folder} needs {suggestion.needs}: {action}")
        for line in suggestion.evidence:
            click.echo(f"{_INDENT}{line}")
    for unresolved in report.unresolved:
        click.echo(f"{'unresolved':<12} {unresolved.evidence}\n{_INDENT}{unresolved.reason}")
    for path in report.loose_files:
        click.echo(f"{'not imported':<12} {path} (a source file outside every assignment folder)")
    for folder in report.from_library:
        click.echo(f"{'not imported':<12} {folder} (already deployed from the library)")
    counts = {status: sum(e.status == status for e in report.examples) for status in _STATUSES}
    summary = ", ".join(f"{count} {status}" for status, count in counts.items() if count or status == "failed")
    click.echo(f"{summary}; {len(report.dependencies)} dependency suggestion(s).")


_STATUSES = ("imported", "would import", "unchanged", "failed")


def _print_example(example: FolderImport) -> None:
    key = f"{example.identifier}@{example.version}" if example.identifier else ""
    generated = " (meta.yaml generated)" if example.meta == "generated" else ""
    if example.status == "failed":
        click.secho(f"{'FAILED':<12} {example.folder}\n{_INDENT}{example.error}", fg="red")
        return
    click.echo(f"{example.status:<12} {key}  {example.folder}{generated}")
    for key_path, how in example.guessed.items():
        click.echo(f"{_INDENT}guessed {key_path}: {_value(example.generated_meta, key_path)!r} from {how}")
    if example.student_files:
        shown = [
            f"{path} (empty starter)" if path in example.empty_starters else path for path in example.student_files
        ]
        click.echo(f"{_INDENT}students get: {', '.join(shown)}")
    for path, why in example.left_out.items():
        click.echo(f"{_INDENT}left out for review: {path}: {why}")
    for note in example.notes:
        click.echo(f"{_INDENT}note: {note}")


def _value(document: dict | None, key_path: str) -> object:
    value: object = document or {}
    for key in key_path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _print_adopt(report: AdoptReport) -> None:
    verb = "would adopt" if report.dry_run else "adopted"
    for folder in report.adopted:
        added = ", meta.yaml added" if folder.added_meta else ""
        click.echo(f"{verb:<12} {folder.path}  {folder.example}@{folder.version} ({folder.constraint}{added})")
        if folder.dependency_problem:
            click.secho(f"{_INDENT}warning: {folder.dependency_problem}", fg="yellow")
    for traditional in report.traditional:
        click.echo(f"{'traditional':<12} {traditional.folder}: {traditional.reason}")
    for folder in report.from_library:
        click.echo(f"{'from library':<12} {folder} (already deployed from the library)")
    commit = f" in commit {report.commit}" if report.commit else ""
    click.echo(
        f"{len(report.adopted)} {verb}{commit}, {len(report.traditional)} left as traditional content, "
        f"{len(report.from_library)} already from the library."
    )
