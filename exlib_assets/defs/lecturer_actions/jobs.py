"""Jobs for the lecturer's actions that had none: unassign a content, change a course's settings,
release the student template (all contents, or some)."""

import dagster as dg

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.keys import course_content_key
from exlib_assets.defs.deployments.config import actor
from exlib_assets.defs.deployments.materialize import deploy_courses
from exlib_assets.defs.deployments.progress import Reporter
from exlib_assets.defs.lecturer_actions.config import UNCHANGED, CourseSettingsConfig, UnassignConfig
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.templates.assets import student_templates


@dg.op(out=dg.Out(dg.Nothing))
def record_unassignment(
    context: dg.OpExecutionContext, config: UnassignConfig, exlib: ExlibResource, reporter: Reporter
):
    """Drop a content's assignment; with `deploy`, remove its folder in one commit."""
    from exlib_assets.core import courses

    with exlib.open() as app:
        try:
            with app.db.session() as session:
                content = courses.require_content(session, courses.require_course(session, config.course), config.path)
                identifier = courses.unassign(session, content, actor=actor(config, context))
        except ExlibError as error:
            raise dg.Failure(description=str(error), allow_retries=False) from error
    context.log.info(f"{config.course}: {config.path} no longer holds {identifier}")
    if config.deploy:
        yield from deploy_courses(
            context, exlib, reporter, {config.course: [config.path]}, actor=actor(config, context)
        )
    else:
        context.log.info(f"run deploy_course_contents for {config.course} to remove {config.path} from the repository")
    yield dg.Output(None, metadata={"partition": course_content_key(config.course, config.path), "example": identifier})


@dg.op(out=dg.Out(dg.Nothing))
def apply_course_settings(context: dg.OpExecutionContext, config: CourseSettingsConfig, exlib: ExlibResource):
    """Change the settings given; the others stay. Bad values change nothing."""
    from exlib_assets.core.course_settings import SettingsChange, change_settings

    change = SettingsChange(
        template_policy=_chosen(config.template_policy),
        update_policy=_chosen(config.update_policy),
        update_strategy=_chosen(config.update_strategy),
        verification=_chosen(config.verification),
        no_runner_allowed=None if config.no_runner == UNCHANGED else config.no_runner == "allow",
        tests_after_deploy=None if config.tests_after_deploy == UNCHANGED else config.tests_after_deploy == "on",
        language=config.language or None,
        archive=config.archive,
    )
    per_content = config.title or config.points or config.deadline or config.clear
    if per_content and not config.content:
        raise dg.Failure(
            description="nothing was changed: title, points, deadline and clear are a content's values; "
            "name it in `content` (e.g. week1.hello_world).",
            allow_retries=False,
        )
    with exlib.open() as app:
        try:
            # One transaction: a refused value anywhere changes nothing at all.
            with app.db.session() as session:
                said = change_settings(session, config.course, change)
                if config.content:
                    said.insert(0, _apply_content_values(session, config))
        except ExlibError as error:
            raise dg.Failure(description=f"nothing was changed: {error}", allow_retries=False) from error
    for line in said or [f"{config.course}: nothing to change (every setting was `unchanged`)"]:
        context.log.info(line)
    yield dg.Output(None, metadata={"course": config.course, "changed": dg.MetadataValue.json(said)})


def _apply_content_values(session, config: CourseSettingsConfig) -> str:
    from exlib_assets.core import courses
    from exlib_assets.core.content_settings import apply_settings

    content = courses.require_content(session, courses.require_course(session, config.course), config.content)
    now = apply_settings(
        content,
        title=config.title or None,
        points=config.points or None,
        deadline=config.deadline or None,
        clear=tuple(config.clear),
    )
    shown = ", ".join(f"{key} {value}" for key, value in now.items()) or "the example's own values"
    return f"{config.course}/{config.content}: student meta.yaml carries {shown}"


def _chosen(value: str) -> str | None:
    return None if value == UNCHANGED else value


@dg.job(tags={"exlib/kind": "unassign"})
def unassign_example():
    """Unassign a course content; by default its folder is removed from the repository in the same run."""
    record_unassignment()


@dg.job(tags={"exlib/kind": "course settings"})
def change_course_settings():
    """Change a course's update and template policies, update strategy, verification, language, archive,
    and one content's own title, points and deadline for its student meta.yaml."""
    apply_course_settings()


# The student_templates asset as a job: choose the course (partition) and, in its config, `only`
# some paths or `release_all`; the defaults rebuild the course's current release.
release_student_template = dg.define_asset_job(
    "release_student_template",
    selection=[student_templates],
    description="Build and push a course's student template (choose the course as the partition); "
    "config `only` releases some contents, `release_all` every content.",
    tags={"exlib/kind": "template"},
)
