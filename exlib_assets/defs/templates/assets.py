from typing import TYPE_CHECKING

import dagster as dg
from pydantic import Field

from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.deployments.config import run_actor
from exlib_assets.defs.deployments.progress import Reporter
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.templates.partitions import course_partitions

if TYPE_CHECKING:
    from exlib_assets.core.templates.builder import TemplateReport

MAX_ROWS_SHOWN = 200


class TemplateConfig(dg.Config):
    only: list[str] = Field(
        default_factory=list,
        description="Release only these content paths and what is below them (e.g. week1, week2); "
        "kept for later builds. Empty: keep the course's current release.",
    )
    release_all: bool = Field(default=False, description="Release every content again.")
    requested_by: str = Field(default="", description="Who asked for it (default: the run's user).")


@dg.asset(
    partitions_def=course_partitions,
    deps=[dg.AssetDep(course_content_deployments, partition_mapping=dg.AllPartitionMapping())],
    check_specs=[
        dg.AssetCheckSpec(
            "no_solution_leaks",
            asset="student_templates",
            description="No file of the template equals a solution, test or other secret, no solution "
            "or hidden-test marker survives, and no content was held back (a content that cannot be "
            "built or would leak keeps its last release; the check names it and why).",
        )
    ],
    group_name="courses",
    kinds={"python", "git"},
    owners=["team:exlib"],
    code_version="1",
)
def student_templates(
    context: dg.AssetExecutionContext, config: TemplateConfig, exlib: ExlibResource, reporter: Reporter
):
    """The repository students fork, one partition per course: built from the course's
    assignments repository at one commit and pushed to `{course}-student-template` in one commit.

    Only student-facing files reach it (templates, starter files, additional files, task text,
    media, a cleaned meta.yaml); solutions, tests and tracking files never do. Before anything is
    pushed, the leak guard scans the result. A content that cannot be built or would leak is held
    back (students keep its last release); the rest is pushed, then the check and the run fail
    naming it.
    """
    from exlib_assets.core.templates.builder import build_template
    from exlib_assets.core.templates.leak_guard import LeakError

    slug = context.partition_key
    actor = config.requested_by or run_actor(context.op_execution_context)
    with exlib.open() as app:
        try:
            report = build_template(app, slug, only=config.only or None, release_all=config.release_all, actor=actor)
        except LeakError as error:  # a leak outside every content (the course README): nothing pushed
            yield dg.AssetCheckResult(
                check_name="no_solution_leaks",
                passed=False,
                severity=dg.AssetCheckSeverity.ERROR,
                description=str(error),
            )
            raise dg.Failure(description=str(error), allow_retries=False) from error
    reporter.template_done(report)
    context.log.info(
        f"{slug}: {len(report.included)} content(s) from assignments {report.source_commit}; "
        + (f"commit {report.commit}" if report.commit else "nothing changed, no commit")
    )
    held = held_back_summary(report)
    yield dg.MaterializeResult(
        metadata=template_metadata(report),
        check_results=[
            dg.AssetCheckResult(
                check_name="no_solution_leaks",
                passed=not report.held_back,
                severity=dg.AssetCheckSeverity.ERROR,
                description=held
                or f"{sum(len(c.files) for c in report.included)} files scanned, no leak, nothing held back",
                metadata={"held_back": dg.MetadataValue.json({c.path: c.reason for c in report.held_back})},
            )
        ],
    )
    if report.held_back:
        # The rest of the course is released (the materialization above); the run still fails so
        # that the held-back contents are not missed.
        raise dg.Failure(description=held, allow_retries=False)


def held_back_summary(report: "TemplateReport") -> str:
    """One paragraph per held-back content: which, what students keep of it, and why."""
    if not report.held_back:
        return ""
    parts = [
        f"{content.path} ({'its last released files kept' if content.kept else 'left out'}): {content.reason}"
        for content in report.held_back
    ]
    return (
        f"{len(report.held_back)} content(s) of {report.course} held back from the student template; "
        "the rest was released. Fix each and build the template again.\n" + "\n".join(parts)
    )


def template_metadata(report: "TemplateReport") -> dict:
    rows = "\n".join(
        f"| `{c.path}` | {c.kind} | {len(c.files)} | {'; '.join(c.notes).replace('|', '/')} |"
        for c in report.included[:MAX_ROWS_SHOWN]
    )
    left_out = "\n".join(f"| `{path}` | {reason} |" for path, reason in sorted(report.left_out.items()))
    held = "\n".join(
        f"| `{c.path}` | {len(c.kept)} | {' '.join(c.reason.split()).replace('|', '/')} |" for c in report.held_back
    )
    return {
        "course": report.course,
        "source_commit": report.source_commit or "",
        "commit": report.head or "",
        "changed": report.commit is not None,
        "released": dg.MetadataValue.json(report.released if report.released is not None else "everything"),
        "content_paths": dg.MetadataValue.json(report.paths),
        "content_count": len(report.included),
        "file_count": sum(len(c.files) for c in report.included),
        "files_written": len(report.written),
        "files_removed": len(report.removed),
        "contents": dg.MetadataValue.md("| content | kind | files | notes |\n|---|---|---|---|\n" + rows),
        "left_out": dg.MetadataValue.md("| content | why |\n|---|---|\n" + left_out if left_out else "nothing"),
        "held_back": dg.MetadataValue.md(
            "| content | kept files | why |\n|---|---|---|\n" + held if held else "nothing"
        ),
        "held_back_count": len(report.held_back),
    }
