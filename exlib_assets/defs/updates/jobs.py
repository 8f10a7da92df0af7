"""Jobs that update deployments (in bulk) and roll one back, recording the same
course_content_deployments materializations as a deploy."""

from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.deployments.outcomes import Progress
from exlib_assets.defs.deployments.config import actor
from exlib_assets.defs.deployments.materialize import deploy_courses, outcome_table
from exlib_assets.defs.deployments.progress import Reporter, RunReporter
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.updates.config import RollbackConfig, UpdateConfig

if TYPE_CHECKING:
    from exlib_assets.core.app import App


@dg.op(out=dg.Out(dg.Nothing))
def update_contents(context: dg.OpExecutionContext, config: UpdateConfig, exlib: ExlibResource, reporter: Reporter):
    """Update a course's deployments that have a newer version (or the paths given), in one commit."""
    from exlib_assets.core.updates.updater import update_course

    requested_by = actor(config, context)

    def run_course(app: "App", slug: str, paths: list[str] | None, progress: Progress):
        return update_course(
            app,
            slug,
            paths,
            strategy=config.strategy or None,
            by_policy=config.by_policy,
            propose=config.propose,
            dry_run=config.dry_run,
            actor=requested_by,
            progress=progress,
        )

    if config.dry_run:
        yield from _preview(context, exlib, reporter, config.course, config.paths or None, run_course)
        return
    yield from deploy_courses(
        context, exlib, reporter, {config.course: config.paths or None}, actor=requested_by, run_course=run_course
    )
    yield dg.Output(None)


@dg.op(out=dg.Out(dg.Nothing))
def rollback_content(context: dg.OpExecutionContext, config: RollbackConfig, exlib: ExlibResource, reporter: Reporter):
    """Redeploy a version a content held before, in one commit; the version left is not offered again."""
    from exlib_assets.core.updates.rollback import rollback

    requested_by = actor(config, context)

    def run_course(app: "App", slug: str, paths: list[str] | None, progress: Progress):
        report = rollback(
            app, slug, config.path, config.to_version or None, strategy=config.strategy or None, actor=requested_by
        )
        for done, outcome in enumerate(report.outcomes, 1):
            progress(outcome, done, len(report.outcomes))
        return report

    yield from deploy_courses(
        context, exlib, reporter, {config.course: [config.path]}, actor=requested_by, run_course=run_course
    )
    yield dg.Output(None)


def _preview(context: dg.OpExecutionContext, exlib: ExlibResource, reporter: RunReporter, slug: str, paths, run_course):
    with exlib.open() as app:
        report = run_course(app, slug, paths, lambda *_: None)
    for outcome in report.outcomes:
        context.log.info(f"{outcome.path}: would be {outcome.describe()}")
    reporter.course_done(report)
    yield dg.Output(None, metadata={"course": slug, "preview": outcome_table(report)})


@dg.job(tags={"exlib/kind": "update"})
def update_course_contents():
    """Update deployments to the newer version their constraint wants: overwrite, merge (conflicts
    become a proposal branch) or skip; one run and one commit per course, an outcome per path."""
    update_contents()


@dg.job(tags={"exlib/kind": "rollback"})
def rollback_course_content():
    """Redeploy an earlier version of one content from its history, in one commit."""
    rollback_content()
