"""`exlib demo` and `exlib sample`: the whole flow on the sample library, headless."""

import os

import click

from exlib_assets.cli.output import table
from exlib_assets.core.app import open_app
from exlib_assets.core.examples import load_example_folder
from exlib_assets.core.sample import SAMPLE_NEXT_VERSIONS, seed_sample
from exlib_assets.core.settings import Settings


@click.group()
def sample() -> None:
    """The sample library and course shipped with exlib."""


@sample.command("seed")
def sample_seed() -> None:
    """Import the sample library and create the sample course (safe to run again)."""
    app = open_app()
    try:
        report = seed_sample(app)
    finally:
        app.close()
    _print_seed(report)


@click.command()
def demo() -> None:
    """Run the whole flow on the sample library, headless, and print what happened.

    Seeds the library and the sample course, copies newer versions straight into storage (as
    an S3 client would), lets the discovery sensor find them and materializes each
    `example_versions` partition in a real Dagster run on the instance in DAGSTER_HOME
    (default EXLIB_HOME/dagster), so the runs show in `dagster dev` afterwards.
    """
    import dagster as dg  # the CLI's other commands need no Dagster, so it loads only here

    from exlib_assets.core.discovery import DiscoveryCursor, discover_versions
    from exlib_assets.defs.library.assets import example_versions
    from exlib_assets.defs.library.partitions import example_version_partitions
    from exlib_assets.definitions import RESOURCES

    settings = Settings.from_env()
    os.environ.setdefault("DAGSTER_HOME", str(settings.home / "dagster"))
    os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)

    app = open_app(settings)
    try:
        click.secho("1. Import the sample library and create the sample course", bold=True)
        _print_seed(seed_sample(app))

        click.secho("\n2. Copy newer versions into storage by other means (as an S3 client would)", bold=True)
        for folder in sorted(SAMPLE_NEXT_VERSIONS.iterdir()):
            example = load_example_folder(folder, settings.limits)
            if app.storage.has_version(example.identifier, example.version):
                click.echo(f"   {example.key} is already in storage")
            else:
                app.storage.write_version(example.identifier, example.version, example.files)
                click.echo(f"   copied {example.key} into {app.storage.describe()}")

        click.secho("\n3. The discovery sensor finds versions Dagster does not know yet", bold=True)
        instance = dg.DagsterInstance.get()
        known = set(instance.get_dynamic_partitions(example_version_partitions.name))
        found = discover_versions(app.storage, known, DiscoveryCursor())
        instance.add_dynamic_partitions(example_version_partitions.name, found.new_keys)
        click.echo(f"   {found.listed} versions in storage, {len(known)} known, {len(found.new_keys)} new")
    finally:
        app.close()

    click.secho("\n4. Materialize each new example_versions partition (one Dagster run each)", bold=True)
    rows = []
    for key in found.new_keys:
        result = dg.materialize([example_versions], partition_key=key, instance=instance, resources=RESOURCES)
        metadata = result.asset_materializations_for_node("example_versions")[0].metadata
        failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
        rows.append(
            {
                "partition": key,
                "indexed": metadata["indexed"].value,
                "files": metadata.get("file_count").value if "file_count" in metadata else "",
                "checks": "failed: " + ", ".join(failed) if failed else "all passed",
                "run": result.run_id[:8],
            }
        )
    click.echo(table(rows, ["partition", "indexed", "files", "checks", "run"]))
    click.echo(
        f"\nDone. State is in {settings.home}; Dagster runs are in {os.environ['DAGSTER_HOME']}.\n"
        "See them in the UI with:  DAGSTER_HOME=" + os.environ["DAGSTER_HOME"] + " .venv/bin/dagster dev"
    )


def _print_seed(report) -> None:
    library = report.library
    click.echo(
        f"   library: {len(library.imported)} imported, {len(library.unchanged)} unchanged, "
        f"{len(library.failed)} failed"
    )
    for entry in library.failed:
        click.secho(f"   FAILED {entry['path']}: {entry['error']}", fg="red")
    state = "created" if report.course_created else "already there"
    click.echo(f"   course {report.course} {state}: {report.contents} contents, {report.assignments} new assignments")
