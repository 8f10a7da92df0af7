"""`exlib course` and `exlib assign`: courses, their content tree and what each content should hold."""

import getpass

import click

from exlib_assets.cli.course_roll_forward import family, family_lines, family_of, roll_forward
from exlib_assets.cli.output import emit_json, table
from exlib_assets.core import courses, library_index
from exlib_assets.core.app import open_app
from exlib_assets.core.content_settings import apply_settings
from exlib_assets.core.course_settings import SettingsChange, change_settings
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.verification.policy import POLICIES


@click.group()
def course() -> None:
    """Courses and their contents."""


@course.command("create")
@click.argument("slug")
@click.option("--title", help="A title for people.")
def create(slug: str, title: str | None) -> None:
    """Create course SLUG and its assignments and student-template repositories."""
    with open_app() as app:
        with app.db.session() as session:
            courses.create_course(session, app.git_host, slug, title)
        click.echo(f"created course {slug}")
        for role, name in courses.repository_names(slug).items():
            click.echo(f"  {role.replace('_', ' ')}: {app.git_host.display_url(name)}")


@course.command("add-content")
@click.argument("slug")
@click.argument("path")
@click.option("--title", help="A title for people.")
def add_content(slug: str, path: str, title: str | None) -> None:
    """Add content PATH (e.g. week1.hello_world) to course SLUG, with any missing parents."""
    with open_app() as app:
        with app.db.session() as session:
            content = courses.add_content(session, courses.require_course(session, slug), path, title)
            click.echo(f"{slug}: content {content.path} ({content.title or 'no title'})")


@course.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(as_json: bool) -> None:
    """List the courses."""
    with open_app() as app:
        with app.db.session() as session:
            rows = [
                {"slug": c.slug, "title": c.title, "contents": len(c.contents)} for c in courses.list_courses(session)
            ]
    if as_json:
        emit_json(rows)
    else:
        click.echo(table(rows, ["slug", "contents", "title"]))


@course.command("show")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(slug: str, as_json: bool) -> None:
    """Show a course's content tree with what each content should hold."""
    with open_app() as app:
        with app.db.session() as session:
            rows = [
                {
                    "path": content.path,
                    "title": content.title,
                    "example": content.assignment.example.identifier if content.assignment else None,
                    "version": content.assignment.version_constraint if content.assignment else None,
                }
                for content in courses.contents_under(session, courses.require_course(session, slug))
            ]
            members = family_of(session, slug)
    if as_json:
        emit_json(rows)
    else:
        click.echo(table(rows, ["path", "example", "version", "title"]))
        if len(members) > 1:
            click.echo("\nfamily across semesters (`exlib course family` for JSON):")
            click.echo("\n".join(family_lines(members)))


@course.command("set")
@click.argument("slug")
@click.option(
    "--template-policy",
    type=click.Choice(["manual", "auto"]),
    help="auto: rebuild the student template after deployments change; manual: only on request.",
)
@click.option(
    "--update-policy",
    type=click.Choice(["off", "propose", "auto"]),
    help="When a newer version appears: off only flags it; propose prepares a branch (and merge request) "
    "per update; auto applies clean updates of uncustomized deployments and proposes the rest.",
)
@click.option(
    "--update-strategy",
    type=click.Choice(["overwrite", "merge", "skip"]),
    help="How updates treat local edits unless a request says otherwise.",
)
@click.option(
    "--verification",
    type=click.Choice(POLICIES),
    help="off: deploys ignore verdicts; warn: deploy, status shows the verdicts; require: refuse a version "
    "whose verdict is failed or missing (see `exlib library verify`).",
)
@click.option(
    "--no-runner",
    type=click.Choice(["allow", "refuse"]),
    help="Under --verification require: whether a `no runner` verdict may deploy (default allow).",
)
@click.option(
    "--tests-after-deploy",
    type=click.Choice(["on", "off"]),
    help="on: after each deploy run, run the deployed contents' tests in the assignments repository.",
)
@click.option(
    "--language",
    help="The language students read (e.g. de): a content with only translated task texts gets its "
    "README.md from README_<language>.md; `none` goes back to each example's own language.",
)
@click.option("--archive", "archive", multiple=True, help="Archive this content path (repeatable).")
@click.option("--content", "content_path", help="Set --title, --points, --deadline of this content (a path).")
@click.option("--title", help="With --content: the title its student meta.yaml carries.")
@click.option("--points", help="With --content: the points its student meta.yaml carries (a number).")
@click.option("--deadline", help="With --content: its deadline, ISO 8601 (2026-11-30 or 2026-11-30T23:59+01:00).")
@click.option(
    "--clear",
    "clear",
    multiple=True,
    type=click.Choice(["title", "points", "deadline"]),
    help="With --content: drop this value, so the example's own applies again (repeatable).",
)
def set_(
    slug: str,
    template_policy: str | None,
    update_policy: str | None,
    update_strategy: str | None,
    verification: str | None,
    no_runner: str | None,
    tests_after_deploy: str | None,
    language: str | None,
    archive: tuple[str, ...],
    content_path: str | None,
    title: str | None,
    points: str | None,
    deadline: str | None,
    clear: tuple[str, ...],
) -> None:
    """Change a course's settings; with --content, a content's values for its student meta.yaml
    (they never make it customized and stay through updates and roll-forward)."""
    per_content = (title, points, deadline) != (None, None, None) or clear
    if per_content and not content_path:
        raise ExlibError(
            "--title, --points, --deadline and --clear set a content's values: name it with --content PATH."
        )
    change = SettingsChange(
        template_policy=template_policy,
        update_policy=update_policy,
        update_strategy=update_strategy,
        verification=verification,
        no_runner_allowed=None if no_runner is None else no_runner == "allow",
        tests_after_deploy=None if tests_after_deploy is None else tests_after_deploy == "on",
        language=language,
        archive=list(archive),
    )
    # Everything is checked inside one transaction and printed only once it is all accepted.
    with open_app() as app, app.db.session() as session:
        said = change_settings(session, slug, change)
        if content_path:
            course = courses.require_course(session, slug)
            content = courses.require_content(session, course, content_path)
            now = apply_settings(content, title=title, points=points, deadline=deadline, clear=clear)
            shown = ", ".join(f"{key} {value}" for key, value in now.items()) or "the example's own values"
            said.insert(0, f"{slug}/{content_path}: student meta.yaml carries {shown}")
    for line in said:
        click.echo(line)


@click.command()
@click.argument("slug")
@click.argument("path")
@click.argument("example")
def assign(slug: str, path: str, example: str) -> None:
    """Say that content PATH of course SLUG should hold EXAMPLE[@VERSION|@CONSTRAINT] (default latest)."""
    identifier, _, constraint = example.partition("@")
    with open_app() as app:
        with app.db.session() as session:
            library = library_index.get_or_create_library(session, app.storage.library)
            content = courses.require_content(session, courses.require_course(session, slug), path)
            current = courses.assign(
                session, library, content, identifier, constraint or "latest", actor=getpass.getuser()
            )
        click.echo(f"{slug}: {path} <- {identifier}@{constraint or 'latest'} (now {current.tag})")


@click.command()
@click.argument("slug")
@click.argument("path")
def unassign(slug: str, path: str) -> None:
    """Say that content PATH of course SLUG should hold nothing; the next `exlib deploy SLUG`
    removes its folder and tracking in one commit, with history."""
    with open_app() as app:
        with app.db.session() as session:
            content = courses.require_content(session, courses.require_course(session, slug), path)
            identifier = courses.unassign(session, content, actor=getpass.getuser())
    click.echo(f"{slug}: {path} no longer holds {identifier}; `exlib deploy {slug}` removes it from the repository")


course.add_command(roll_forward)
course.add_command(family)
