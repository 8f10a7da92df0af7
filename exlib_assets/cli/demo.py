"""`exlib demo` and `exlib sample`: the whole flow on the sample library, headless."""

import click

from exlib_assets.cli.output import table
from exlib_assets.cli.report import print_report
from exlib_assets.core import courses
from exlib_assets.core.analytics.report import build_report
from exlib_assets.core.app import open_app
from exlib_assets.core.loaded_example import load_example_folder
from exlib_assets.core.sample import SAMPLE_COURSE_SLUG, SAMPLE_NEXT_VERSIONS, seed_sample
from exlib_assets.core.settings import Settings
from exlib_assets.runs.instance import prepare_dagster_home


@click.group()
def sample() -> None:
    """The sample library and course shipped with exlib."""


@sample.command("seed")
def sample_seed() -> None:
    """Import the sample library and create the sample course (safe to run again)."""
    with open_app() as app:
        report = seed_sample(app)
    _print_seed(report)


@click.command()
def demo() -> None:
    """Run the whole flow on the sample library, headless, and print what happened.

    Seeds the library and the sample course, copies newer versions straight into storage (as
    an S3 client would), lets the discovery sensor find them and materializes each new
    `example_versions` partition in a real Dagster run on the instance in DAGSTER_HOME
    (default EXLIB_HOME/dagster), so the runs show in `dagster dev` afterwards.
    """
    import dagster as dg  # the CLI's other commands need no Dagster, so it loads only here

    from exlib_assets.cli.progress import TerminalProgress
    from exlib_assets.definitions import RESOURCES
    from exlib_assets.defs.deployments.config import DeployConfig
    from exlib_assets.defs.library.assets import example_versions
    from exlib_assets.defs.library.partitions import example_version_partition_sync
    from exlib_assets.defs.library.sensors import example_version_discovery
    from exlib_assets.defs.templates.assets import TemplateConfig
    from exlib_assets.runs.assets import materialize
    from exlib_assets.runs.course_run import run_deploy
    from exlib_assets.runs.template_run import run_template

    settings = Settings.from_env()
    dagster_home = prepare_dagster_home(settings)

    with open_app(settings) as app:
        click.secho("1. Import the sample library and create the sample course", bold=True)
        _print_seed(seed_sample(app))
        _print_course(app)

        click.secho("\n2. Copy newer versions into storage by other means (as an S3 client would)", bold=True)
        for folder in sorted(SAMPLE_NEXT_VERSIONS.iterdir()):
            example = load_example_folder(folder, settings.limits)
            if app.storage.has_version(example.identifier, example.version):
                click.echo(f"   {example.key} is already in storage")
            else:
                app.storage.write_version(example.identifier, example.version, example.files)
                click.echo(f"   copied {example.key} into {app.storage.describe()}")

    click.secho("\n3. The discovery sensor looks for versions Dagster does not know yet", bold=True)
    instance = dg.DagsterInstance.get()
    with dg.build_sensor_context(instance=instance, resources=RESOURCES) as context:
        tick = example_version_discovery(context)
    if isinstance(tick, dg.SkipReason):
        click.echo(f"   {tick.skip_message}")
        requests = []
    else:
        for request in tick.dynamic_partitions_requests:
            example_version_partition_sync.add(instance, request.partition_keys)
        requests = tick.run_requests
        click.echo(f"   found {len(requests)} new partitions of example_versions")

    click.secho("\n4. Materialize each new example_versions partition (one Dagster run each)", bold=True)
    rows = []
    for request in requests:
        result = materialize(instance, [example_versions], partition_key=request.partition_key)
        metadata = result.asset_materializations_for_node("example_versions")[0].metadata
        failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
        rows.append(
            {
                "partition": request.partition_key,
                "indexed": metadata["indexed"].value,
                "files": metadata["file_count"].value if "file_count" in metadata else "",
                "checks": "failed: " + ", ".join(failed) if failed else "all passed",
                "run": result.run_id[:8],
            }
        )
    click.echo(table(rows, ["partition", "indexed", "files", "checks", "run"]))

    click.secho("\n5. Deploy the sample course in one run of deploy_course_contents (one commit)", bold=True)
    run = run_deploy(
        instance, DeployConfig(course=SAMPLE_COURSE_SLUG, requested_by="exlib demo"), watcher=TerminalProgress()
    )
    report, run_id = run.report, run.run_id
    deployed = [
        {"path": o.path, "example": f"{o.example}@{o.version}", "outcome": o.status, "reason": o.reason or ""}
        for o in report.outcomes
    ]
    click.echo(table(deployed, ["path", "example", "outcome", "reason"]))
    with open_app(settings) as app:
        repository = app.git_host.display_url(courses.repository_names(SAMPLE_COURSE_SLUG)["assignments"])
    click.echo(f"   {repository}: " + (f"commit {report.commit[:12]}" if report.commit else "nothing changed"))
    click.echo(f"   run {run_id[:8]}: " + ("success" if run.ok else run.run_error or "some paths were not deployed"))
    click.secho("\n6. Build the sample course's student template (materialize student_templates)", bold=True)
    template, _ = run_template(instance, SAMPLE_COURSE_SLUG, TemplateConfig(requested_by="exlib demo"))
    included = [{"content": c.path, "files": ", ".join(c.files)} for c in template.included]
    click.echo(table(included, ["content", "files"]))
    with open_app(settings) as app:
        template_url = app.git_host.display_url(courses.repository_names(SAMPLE_COURSE_SLUG)["student_template"])
    commit = template.commit
    click.echo(f"   {template_url}: " + (f"commit {commit[:12]}" if commit else "nothing changed"))
    click.secho("\n7. Refresh the analytics (materialize example_usage, course_status, deployment_activity)", bold=True)
    from exlib_assets.defs.analytics.assets import analytics

    result = materialize(instance, [analytics])
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        click.echo(
            f"   {materialization.asset_key.to_user_string()}: "
            f"{materialization.metadata['dagster/row_count'].value} rows in table "
            f"{materialization.metadata['dagster/table_name'].value}"
        )
    click.echo()
    with open_app(settings) as app:
        print_report(build_report(app))
    click.echo(
        f"\nDone. exlib state is in {settings.home}; Dagster's in {dagster_home}.\n"
        f"See it in the UI:  DAGSTER_HOME={dagster_home} .venv/bin/dagster dev -h 127.0.0.1"
    )


def _print_course(app) -> None:
    with app.db.session() as session:
        course = courses.require_course(session, SAMPLE_COURSE_SLUG)
        rows = [
            {
                "path": content.path,
                "title": content.title,
                "example": content.assignment.example.identifier if content.assignment else "",
                "version": content.assignment.version_constraint if content.assignment else "",
            }
            for content in courses.contents_under(session, course)
        ]
    click.echo(table(rows, ["path", "example", "version", "title"]))


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
