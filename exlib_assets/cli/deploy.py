"""`exlib deploy`: run the deploy_course_contents job (or, with --dry-run, preview_deployment)
on the Dagster instance the UI shows, with a progress bar while it works."""

import dataclasses
import getpass
import sys

import click

from exlib_assets.cli.dagster_runs import open_instance, run_failure, run_job
from exlib_assets.cli.output import emit_json, table
from exlib_assets.core import courses
from exlib_assets.core.app import open_app
from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.settings import Settings

PREVIEW_WORDS = {"deployed": "would deploy", "removed": "would remove"}


class TerminalProgress:
    """A bar that moves one step per path and names the path it just prepared (on stderr, so
    --json output stays clean)."""

    def __init__(self, show: bool):
        self.show = show
        self.reports: list[DeployReport] = []
        self.errors: list[str] = []
        self._bar = None

    def path_done(self, course: str, outcome: PathOutcome, done: int, total: int) -> None:
        if not self.show:
            return
        if self._bar is None:
            self._bar = click.progressbar(
                length=total, label=f"deploying {course}", file=sys.stderr, item_show_func=lambda item: item
            )
            self._bar.__enter__()
        self._bar.update(1, current_item=f"{outcome.path}: {outcome.status}")

    def course_done(self, report: DeployReport) -> None:
        self._close()
        self.reports.append(report)

    def course_failed(self, course: str, error: str) -> None:
        self._close()
        self.errors.append(f"{course}: {error}")

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@click.command()
@click.argument("slug")
@click.argument("paths", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Show per path what would be written, removed or refused; change nothing")
@click.option("--overwrite", is_flag=True, help="Replace local edits, other examples and content not from the library.")
@click.option("--with-dependencies", is_flag=True, help="Assign missing dependencies next to the content needing them.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def deploy(slug: str, paths: tuple[str, ...], dry_run: bool, overwrite: bool, with_dependencies: bool, as_json: bool):
    """Deploy the examples assigned in course SLUG (all, or only PATHS) in one run and one commit.

    A path holding local edits, another example or content not from the library is a
    conflict and is left alone unless --overwrite is given. Exits non-zero if any path was
    not deployed.
    """
    settings = Settings.from_env()
    check_request(settings, slug, paths)
    config = {
        "course": slug,
        "paths": list(paths),
        "overwrite": overwrite,
        "with_dependencies": with_dependencies,
        "requested_by": getpass.getuser(),
    }
    with open_instance(settings) as instance:
        run = run_deploy(instance, config, dry_run=dry_run)
    finish(run, as_json)


@dataclasses.dataclass(frozen=True)
class CourseRun:
    """A finished course job: the course's report, the run id, and why the run failed, if it did.

    A run can fail after its report: recording the materializations (or anything else after the
    commit) may go wrong while every path was deployed.
    """

    report: DeployReport
    run_id: str
    run_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok and self.run_error is None


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


def run_deploy(instance, config: dict, *, dry_run: bool = False) -> CourseRun:
    """Run deploy_course_contents (or, for a dry run, preview_deployment) with `config`, showing
    progress; returns the course's report, the run id and the run's failure."""
    job = "preview_deployment" if dry_run else "deploy_course_contents"
    return run_course_job(instance, job, config, show_progress=not dry_run)


def run_course_job(instance, job: str, config: dict, *, show_progress: bool) -> CourseRun:
    """Run one of the course jobs (deploy, update, rollback) with `config`; its report, run id and failure."""
    from exlib_assets.defs.deployments.progress import listening

    progress = TerminalProgress(show=show_progress)
    with listening(progress) as tags:
        result = run_job(instance, job, config, {**tags, "user": getpass.getuser(), "exlib/course": config["course"]})
    if not progress.reports:
        raise ExlibError(progress.errors[0] if progress.errors else run_failure(result))
    report = progress.reports[0]
    # Paths that were not deployed fail the run too; the report already names them.
    failed_after_report = not result.success and report.ok
    return CourseRun(report, result.run_id, run_failure(result) if failed_after_report else None)


def check_request(settings: Settings, slug: str, paths: tuple[str, ...]) -> None:
    """Refuse an unknown course or path here, before any run is recorded."""
    with open_app(settings) as app, app.db.session() as session:
        course = courses.require_course(session, slug)
        for path in paths:
            courses.require_content(session, course, path)


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
