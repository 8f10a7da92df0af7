"""A course's student template: releasing it (the `student_templates` run `exlib template`
starts) and where it stands against the assignments repository."""

from dataclasses import dataclass
from datetime import datetime

from exlib_assets.api.services import lookups
from exlib_assets.api.services.problems import InvalidRequestError
from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.templates.builder import TemplateReport, build_template
from exlib_assets.core.updates.scan import mirror_of
from exlib_assets.defs.templates.assets import TemplateConfig
from exlib_assets.runs.template_run import run_template


@dataclass
class TemplateRelease:
    report: TemplateReport
    # None for a dry run, which builds without a run and pushes nothing.
    run_id: str | None


@dataclass
class TemplateState:
    course: str
    repository: str
    template_policy: str
    # Content paths (subtrees) released to students; None: everything.
    released_paths: list[str] | None
    template_commit: str | None
    source_commit: str | None
    built_at: datetime | None
    assignments_head: str | None
    # The template was built from the assignments repository as it is now.
    up_to_date: bool


def release_template(
    app: App, instance, slug: str, *, only: list[str], release_all: bool, dry_run: bool, actor: str
) -> TemplateRelease:
    """Build and push the student template of `slug` (`only` releases those subtrees from now on,
    `release_all` everything again); a dry run only shows what would change."""
    if only and release_all:
        raise InvalidRequestError("give either `only` (content paths to release) or `release_all`, not both.")
    paths = [lookups.content_path(path) for path in only]
    with app.db.session() as session:
        course = lookups.course_named(session, slug)
        for path in paths:
            courses.require_content(session, course, path)
    if dry_run:
        report = build_template(app, slug, only=paths or None, release_all=release_all, dry_run=True, actor=actor)
        return TemplateRelease(report, None)
    config = TemplateConfig(only=paths, release_all=release_all, requested_by=actor)
    report, run_id = run_template(instance, slug, config)
    return TemplateRelease(report, run_id)


def template_state(app: App, slug: str) -> TemplateState:
    with app.db.session() as session:
        course = lookups.course_named(session, slug)
        state = TemplateState(
            course=slug,
            repository=app.git_host.display_url(courses.repository_names(slug)["student_template"]),
            template_policy=course.template_policy,
            released_paths=course.released_paths,
            template_commit=course.template_commit,
            source_commit=course.template_source_commit,
            built_at=lookups.in_utc(course.template_built_at),
            assignments_head=None,
            up_to_date=False,
        )
    mirror = mirror_of(app, slug)
    mirror.fetch()
    state.assignments_head = mirror.head()
    state.up_to_date = state.template_commit is not None and state.source_commit == state.assignments_head
    return state
