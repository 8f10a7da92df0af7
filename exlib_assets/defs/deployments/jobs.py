"""Jobs a lecturer launches from the Launchpad: assign, preview and deploy a course."""

import dagster as dg

from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.keys import course_content_key
from exlib_assets.defs.deployments.config import AssignConfig, DeployConfig, actor
from exlib_assets.defs.deployments.materialize import deploy_courses, outcome_table
from exlib_assets.defs.deployments.partitions import course_content_partition_sync
from exlib_assets.defs.deployments.progress import Reporter
from exlib_assets.defs.deployments.tests_after_deploy import run_tests_after_deploy
from exlib_assets.defs.resources import ExlibResource


@dg.op(out=dg.Out(dg.Nothing))
def record_assignment(context: dg.OpExecutionContext, config: AssignConfig, exlib: ExlibResource):
    """Record that a content should hold an example version; deploying it is a separate step."""
    from exlib_assets.core import courses, library_index

    with exlib.open() as app:
        with app.db.session() as session:
            library = library_index.get_or_create_library(session, app.storage.library)
            course = courses.require_course(session, config.course)
            content = courses.add_content(session, course, config.path, config.title)
            current = courses.assign(
                session, library, content, config.example, config.version, actor=actor(config, context)
            )
            resolved = current.tag
    key = course_content_key(config.course, config.path)
    course_content_partition_sync.add(context.instance, [key])
    context.log.info(
        f"{config.course}: {config.path} <- {config.example}@{config.version} (now {resolved}); "
        f"to deploy it, materialize partition {key} of course_content_deployments "
        "or run the deploy_course_contents job."
    )
    yield dg.Output(
        None,
        metadata={"partition": key, "example": config.example, "constraint": config.version, "resolves_to": resolved},
    )


@dg.op(out=dg.Out(dg.Nothing))
def preview_course(context: dg.OpExecutionContext, config: DeployConfig, exlib: ExlibResource, reporter: Reporter):
    """What deploying would write, remove and refuse, per path; changes nothing."""
    from exlib_assets.core.deployments.deployer import deploy_course

    with exlib.open() as app:
        request = DeployRequest.deploy(
            config.course,
            config.paths,
            overwrite=config.overwrite,
            with_dependencies=config.with_dependencies,
            dry_run=True,
        )
        report = deploy_course(app, request)
    for outcome in report.outcomes:
        changes = [f"write {p}" for p in outcome.written] + [f"remove {p}" for p in outcome.removed]
        links = ", ".join(f"{link.identifier} at {link.deployed_path}" for link in outcome.dependencies)
        context.log.info(
            f"{outcome.path}: {outcome.describe()}"
            + (f"; dependencies: {links}" if links else "")
            + "".join(f"\n  {change}" for change in changes)
        )
    reporter.course_done(report)
    yield dg.Output(
        None,
        metadata={
            "course": config.course,
            "preview": outcome_table(report),
            "would_change": sum(o.status in ("deployed", "removed") for o in report.outcomes),
            "conflicts": sum(o.status == "conflict" for o in report.outcomes),
            "failures": sum(o.status == "failed" for o in report.outcomes),
        },
    )


@dg.op(out=dg.Out(dg.Nothing))
def deploy_contents(context: dg.OpExecutionContext, config: DeployConfig, exlib: ExlibResource, reporter: Reporter):
    """Deploy a course's contents (all, or the paths given) in one commit."""
    yield from deploy_courses(
        context,
        exlib,
        reporter,
        {config.course: config.paths or None},
        overwrite=config.overwrite,
        with_dependencies=config.with_dependencies,
        actor=actor(config, context),
    )
    run_tests_after_deploy(context, exlib, config.course, config.paths or None)
    yield dg.Output(None)


@dg.job(tags={"exlib/kind": "assign"})
def assign_example():
    """Assign an example version to a course content (creating the content if needed)."""
    record_assignment()


@dg.job(tags={"exlib/kind": "preview"})
def preview_deployment():
    """Show, per path, the files a deployment would write or remove, its dependencies and its conflicts."""
    preview_course()


@dg.job(tags={"exlib/kind": "deploy"})
def deploy_course_contents():
    """Deploy a course's assigned contents in one run and one commit; records a
    course_content_deployments materialization per path."""
    deploy_contents()
