"""One deployment run, shared by the asset and the course-level job: deploy each course in one
commit, log its progress (in batches, see progress_log), and record a materialization for every
path that now matches its wish. Paths that did not are reported together at the end, and fail
the run.

Each event is a database write, and a big run writes many: beyond the materializations Dagster
plans and records per partition, a run writes a few log entries per course and each
materialization carries only its own path's metadata (the course's outcome table rides on its
last one), so what a run adds to Dagster's own cost does not grow with its paths."""

from collections.abc import Callable, Collection, Iterator
from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.deployments.outcomes import LEFT_FOR_REVIEW, DeployReport, PathOutcome, Progress
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.failpoints import failpoint
from exlib_assets.core.keys import course_content_key, example_version_key
from exlib_assets.defs.deployments.partition_sync import add_content_partitions
from exlib_assets.defs.deployments.progress import RunReporter
from exlib_assets.defs.deployments.progress_log import BatchedProgressLog
from exlib_assets.defs.resources import ExlibResource

if TYPE_CHECKING:
    from exlib_assets.core.app import App

ASSET_KEY = dg.AssetKey("course_content_deployments")
MAX_ROWS_SHOWN = 200


# Runs one course's part of a request: (app, course, paths or None, progress) -> its report.
CourseRun = Callable[["App", str, list[str] | None, Progress], DeployReport]


def deploy_courses(
    context: dg.OpExecutionContext,
    exlib: ExlibResource,
    reporter: RunReporter,
    requests: dict[str, list[str] | None],
    *,
    overwrite: bool = False,
    with_dependencies: bool = False,
    actor: str,
    run_course: CourseRun | None = None,
    run_partitions: Collection[str] = (),
) -> Iterator[dg.AssetMaterialization]:
    """Deploy `requests` ({course: paths, or None for all}) and yield a materialization per
    path whose folder now matches what was asked; raise dg.Failure naming every path that
    failed. `run_course` replaces the plain deploy (an update, a rollback); `reporter` hears
    each path and each course as the run log does. `run_partitions`: the partitions the run
    was started for, which exist already."""

    def plain_deploy(app: "App", slug: str, paths: list[str] | None, progress: Progress) -> DeployReport:
        request = DeployRequest.deploy(
            slug, paths, overwrite=overwrite, with_dependencies=with_dependencies, actor=actor
        )
        from exlib_assets.core.deployments.deployer import deploy_course

        return deploy_course(app, request, progress)

    run_course = run_course or plain_deploy
    failures: list[str] = []
    with exlib.open() as app:
        for slug, paths in requests.items():
            progress_log = BatchedProgressLog(context.log.info)

            def progress(
                outcome: PathOutcome, done: int, total: int, slug: str = slug, progress_log=progress_log
            ) -> None:
                progress_log.add(f"[{done}/{total}] {slug}/{outcome.path}: {outcome.describe()}", done, total)
                reporter.path_done(slug, outcome, done, total)

            try:
                report = run_course(app, slug, paths, progress)
            except ExlibError as error:
                context.log.error(f"{slug}: nothing was deployed: {error}")
                failures.append(f"{slug}: {error}")
                reporter.course_failed(slug, str(error))
                continue
            finally:
                progress_log.flush()  # the paths done before a failure stay in the log
            reporter.course_done(report)
            failpoint("deploy.reported")
            # Dependencies assigned by this run are new contents: give them their partitions. The
            # run's own partitions exist: asking would read every partition of every course.
            keys = [course_content_key(slug, o.path) for o in report.outcomes]
            add_content_partitions(context.instance, [key for key in keys if key not in run_partitions])
            table = outcome_table(report)
            # The log ends with the run's outcomes (the table ends with the commit): what a
            # lecturer watching the run wants to read last.
            context.log.info(f"{slug}: outcomes\n{table.value}")
            recorded = [o for o in report.outcomes if o.status not in LEFT_FOR_REVIEW and o.materialized]
            for outcome in report.outcomes:
                if outcome.status in LEFT_FOR_REVIEW:
                    continue  # main did not change for it: nothing to record against the partition
                if outcome.materialized:
                    yield dg.AssetMaterialization(
                        asset_key=ASSET_KEY,
                        partition=course_content_key(slug, outcome.path),
                        description=f"{outcome.example}@{outcome.version}: {outcome.status}",
                        # The course's table once, on its last materialization: the one the
                        # asset's page shows as the latest. On every one it made each of N
                        # events carry N rows, the largest part of what a big run wrote.
                        metadata=path_metadata(report, outcome, table if outcome is recorded[-1] else None),
                    )
                else:
                    failures.append(f"{slug}/{outcome.path}: {outcome.describe()}")
    if failures:
        raise dg.Failure(
            description=f"{len(failures)} path(s) were not deployed (the others were):\n" + "\n".join(failures),
            metadata={"not_deployed": dg.MetadataValue.json(failures)},
            allow_retries=False,
        )


def path_metadata(report: DeployReport, outcome: PathOutcome, table: dg.MetadataValue | None) -> dict:
    """What one partition's materialization shows: its own outcome, and `table` (the run's
    outcomes for the course) when given."""
    metadata = {
        "course": report.course,
        "content_path": outcome.path,
        "outcome": outcome.status,
        "example": outcome.example,
        "version": outcome.version,
        # Lineage: the example_versions partition these files came from (or that was removed).
        "example_versions_partition": example_version_key(outcome.example, outcome.version),
        "digest": outcome.digest or "",
        "commit": report.commit or report.head or "",
        "files_written": len(outcome.written),
        "files_removed": len(outcome.removed),
        "from_version": outcome.from_version or "",
        "customized_files": dg.MetadataValue.json(outcome.local_edits),
        "dependencies": dg.MetadataValue.json(
            {link.identifier: f"{link.deployed_path} ({link.version})" for link in outcome.dependencies}
        ),
    }
    if table is not None:
        metadata["run_outcomes"] = table
    return metadata


def outcome_table(report: DeployReport) -> dg.MetadataValue:
    """Every path of the course's run, as a markdown table the UI renders."""
    lines = ["| path | example | outcome | files | reason |", "|---|---|---|---|---|"]
    for o in report.outcomes[:MAX_ROWS_SHOWN]:
        files = f"+{len(o.written)} -{len(o.removed)}" if o.written or o.removed else ""
        detail = o.detail.replace("|", "\\|")
        lines.append(f"| `{o.path}` | `{o.change}` | {o.status} | {files} | {detail} |")
    if len(report.outcomes) > MAX_ROWS_SHOWN:
        lines.append(f"\n… and {len(report.outcomes) - MAX_ROWS_SHOWN} more paths")
    commit = report.commit or f"none (repository already at {report.head})"
    return dg.MetadataValue.md("\n".join(lines) + f"\n\ncommit: `{commit}`")
