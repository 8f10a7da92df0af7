"""What each content of a course should hold, read from the database before the repository is touched.

A wish is either "hold this example version" or "hold nothing any more" (the content was
unassigned or archived after a deployment). Dependencies resolve to where their examples are
assigned in the same course; one that is assigned nowhere is a problem for its path, or, when
asked, is assigned next to the content that needs it and deployed in the same run.
"""

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from exlib_assets.core import courses, library_index
from exlib_assets.core.course_paths import check_content_path, folder_of
from exlib_assets.core.db.models import (
    Assignment,
    Course,
    CourseContent,
    Deployment,
    Example,
    ExampleDependency,
    ExampleVersion,
    Library,
)
from exlib_assets.core.deployments.tracking import DependencyLink
from exlib_assets.core.deployments.wanted import wanted_version
from exlib_assets.core.errors import ExlibError, NotFoundError


@dataclass(frozen=True)
class Wish:
    content_id: int
    path: str
    identifier: str
    version_id: int | None
    version: str
    digest: str | None
    dependencies: list[DependencyLink]
    dependency_problem: str | None = None
    # The version has files where a content below this one deploys (see _files_in_child_folders).
    folder_problem: str | None = None
    # The content no longer wants anything: remove what exlib deployed there.
    remove: bool = False
    # Assigned by this run because another content needs it (deploy with dependencies).
    added_for: str | None = None
    # The course requires verified examples and this version's verdict does not allow it.
    verification_problem: str | None = None

    @property
    def problem(self) -> str | None:
        """Why this wish cannot be deployed, or None."""
        problems = (self.dependency_problem, self.folder_problem, self.verification_problem)
        return "; ".join(p for p in problems if p) or None


def read_wishes(
    session: Session,
    library: Library,
    course: Course,
    paths: list[str] | None,
    *,
    with_dependencies: bool = False,
    actor: str | None = None,
    targets: dict[str, str] | None = None,
) -> list[Wish]:
    """The wishes of `course` (every content, or those at `paths`), in path order.

    `targets` ({path: version}) overrides what a content's constraint wants, for a rollback.
    """
    added_for: dict[str, str] = {}
    if with_dependencies:
        everything = courses.contents_under(session, course)
        chosen = {row.id for row in _select(course, _overview(session, course), paths)}
        added_for = _assign_missing_dependencies(
            session, library, course, everything, [c for c in everything if c.id in chosen], actor
        )
    # The whole course is read as plain rows (where each example is placed, which folders lie
    # below which); whole objects only for the contents the wishes are about. Loading every
    # content, assignment and deployment was most of the database's share of deploying one path.
    overview = _overview(session, course)
    selected = _select(course, overview, paths)
    selected += [row for row in overview if row.path in added_for and row not in selected]
    placed = {row.identifier: row for row in overview if row.identifier is not None}
    needed = {row.id for row in selected}
    for identifier in _dependency_identifiers(session, {row.example_id for row in selected if row.identifier}):
        if identifier in placed:
            needed.add(placed[identifier].id)
    contents = _contents_by_id(session, needed)
    deployed = _deployed_rows(session, needed)
    versions = _versions_of_examples(session, [c.assignment.example for c in contents.values() if _wants_example(c)])
    placed_contents = {identifier: contents[row.id] for identifier, row in placed.items() if row.id in contents}
    owners = _PathsBelow([row for row in overview if row.identifier is not None or row.deployed])
    wishes = []
    for content in sorted((contents[row.id] for row in selected), key=lambda c: c.path):
        if _wants_example(content):
            rollback_to = (targets or {}).get(content.path)
            wish = _example_wish(course, content, placed_contents, deployed, added_for.get(content.path), rollback_to)
            files = versions[wish.version_id].manifest
            wishes.append(dataclasses.replace(wish, folder_problem=_files_in_child_folders(wish, files, owners)))
        else:
            row = deployed[content.id]
            wishes.append(
                Wish(
                    content.id,
                    content.path,
                    row.example_version.example.identifier,
                    None,
                    row.example_version.tag,
                    None,
                    [],
                    remove=True,
                )
            )
    return wishes


@dataclass(frozen=True)
class _Row:
    """One content of the course, as the overview reads it."""

    id: int
    path: str
    # The example it wants, or None (nothing assigned, or archived).
    identifier: str | None
    example_id: int | None
    # Something exlib deployed is recorded there.
    deployed: bool


def _overview(session: Session, course: Course) -> list[_Row]:
    """Every content of `course` in path order, as plain rows (two queries, no objects)."""
    deployed = set(
        session.scalars(
            sa.select(Deployment.content_id)
            .join(CourseContent, Deployment.content_id == CourseContent.id)
            .where(CourseContent.course_id == course.id, Deployment.example_version_id.is_not(None))
        )
    )
    rows = session.execute(
        sa.select(CourseContent.id, CourseContent.path, CourseContent.archived, Example.identifier, Example.id)
        .outerjoin(Assignment, Assignment.content_id == CourseContent.id)
        .outerjoin(Example, Example.id == Assignment.example_id)
        .where(CourseContent.course_id == course.id)
        .order_by(CourseContent.path)
    )
    found = []
    for content_id, path, archived, identifier, example_id in rows:
        wanted = (None, None) if archived else (identifier, example_id)
        found.append(_Row(content_id, path, *wanted, deployed=content_id in deployed))
    return found


def _contents_by_id(session: Session, ids: set[int]) -> dict[int, CourseContent]:
    found = session.scalars(
        sa.select(CourseContent)
        .where(CourseContent.id.in_(ids))
        .options(selectinload(CourseContent.assignment).selectinload(Assignment.example))
    )
    return {content.id: content for content in found}


def _dependency_identifiers(session: Session, example_ids: set[int | None]) -> set[str]:
    """The identifiers any version of the examples `example_ids` depends on."""
    return set(
        session.scalars(
            sa.select(ExampleDependency.identifier)
            .join(ExampleVersion, ExampleDependency.version_id == ExampleVersion.id)
            .where(ExampleVersion.example_id.in_(example_ids))
        )
    )


def _versions_of_examples(session: Session, examples: list[Example]) -> dict[int, ExampleVersion]:
    """Every version of `examples` with its dependencies, by id, in two queries (not two per path).

    Each example's `versions` is filled from them too, in the relationship's own order (the
    database sorts them), and the caller holds them: the session keeps objects only weakly."""
    found = list(
        session.scalars(
            sa.select(ExampleVersion)
            .where(ExampleVersion.example_id.in_({example.id for example in examples}))
            .options(selectinload(ExampleVersion.dependencies))
            .order_by(ExampleVersion.example_id, ExampleVersion.sort_key)
        )
    )
    by_example: dict[int, list[ExampleVersion]] = {example.id: [] for example in examples}
    for version in found:
        by_example[version.example_id].append(version)
    for example in examples:
        if "versions" in sa.inspect(example).unloaded:
            set_committed_value(example, "versions", by_example[example.id])
    return {version.id: version for version in found}


class _PathsBelow:
    """Rows found by the content paths below a path, without a look at every row for each path:
    a course of 5,000 contents would otherwise cost 25 million comparisons per deploy."""

    def __init__(self, rows: list[_Row]):
        # Python's string order, not the database's (an ltree orders label by label).
        self._rows = sorted(rows, key=lambda row: row.path)
        self._paths = [row.path for row in self._rows]

    def below(self, path: str) -> Iterator[_Row]:
        prefix = path + "."
        for index in range(bisect_left(self._paths, prefix), len(self._paths)):
            if not self._paths[index].startswith(prefix):
                return
            yield self._rows[index]


def _files_in_child_folders(wish: Wish, files: Iterable[str], owners: _PathsBelow) -> str | None:
    """Why the version of `wish` (its `files`) would write into the folder of a content below it, or None.

    `week1` holding an example with a file `hello/x.py` would write `week1/hello/x.py`, which
    belongs to content `week1.hello` when that holds or wants an example of its own (`owners`).
    """
    folder = folder_of(wish.path)
    for other in owners.below(wish.path):
        inside = folder_of(other.path)[len(folder) + 1 :] + "/"
        clashing = sorted(relpath for relpath in files if relpath.startswith(inside))
        if clashing:
            return (
                f"{wish.identifier}@{wish.version} has files in {folder_of(other.path)}/, the folder of content "
                f"{other.path} ({', '.join(clashing[:3])}{', ...' if len(clashing) > 3 else ''}); move them in the "
                f"example, or assign it at a path with no content below it"
            )
    return None


def _wants_example(content: CourseContent) -> bool:
    return content.assignment is not None and not content.archived


def _deployed_rows(session: Session, content_ids: set[int]) -> dict[int, Deployment]:
    rows = session.scalars(
        sa.select(Deployment).where(Deployment.content_id.in_(content_ids), Deployment.example_version_id.is_not(None))
    )
    return {row.content_id: row for row in rows}


def _select(course: Course, overview: list[_Row], paths: list[str] | None) -> list[_Row]:
    """The contents to deploy: at `paths` (each must exist and want or hold an example), or all
    that want or hold one."""
    relevant = [row for row in overview if row.identifier is not None or row.deployed]
    if not paths:
        return relevant
    by_path = {row.path: row for row in overview}
    for path in paths:
        row = by_path.get(check_content_path(path))
        if row is None:
            raise courses.no_such_content(course, path)
        if row.identifier is None and not row.deployed:
            raise NotFoundError(
                f"content {path!r} of course {course.slug!r} has no example assigned; "
                f"assign one with `exlib assign {course.slug} {path} EXAMPLE`."
            )
    wanted = set(paths)
    return [row for row in relevant if row.path in wanted]


def _example_wish(
    course: Course,
    content: CourseContent,
    placed: dict[str, CourseContent],
    deployed: dict[int, Deployment],
    added_for: str | None,
    rollback_to: str | None,
) -> Wish:
    version = wanted_version(content.assignment, deployed.get(content.id))
    if rollback_to is not None:
        version = library_index.find_version(content.assignment.example, rollback_to)
        if version is None:
            raise NotFoundError(
                f"example {content.assignment.example.identifier!r} has no version {rollback_to!r}; "
                f"see `exlib library show {content.assignment.example.identifier}`."
            )
    links, problems = [], []
    for dependency in version.dependencies:
        target = placed.get(dependency.identifier)
        if target is None:
            problems.append(
                f"dependency {dependency.identifier} is not assigned anywhere in course {course.slug}; "
                f"assign it (`exlib assign {course.slug} PATH {dependency.identifier}`) "
                "or deploy with dependencies to place it alongside"
            )
            continue
        target_version = wanted_version(target.assignment, deployed.get(target.id))
        links.append(DependencyLink(dependency.identifier, target_version.tag, folder_of(target.path)))
    return Wish(
        content_id=content.id,
        path=content.path,
        identifier=content.assignment.example.identifier,
        version_id=version.id,
        version=version.tag,
        digest=version.digest,
        dependencies=links,
        dependency_problem="; ".join(problems) or None,
        added_for=added_for,
    )


def _assign_missing_dependencies(
    session: Session,
    library: Library,
    course: Course,
    everything: list[CourseContent],
    selected: list[CourseContent],
    actor: str | None,
) -> dict[str, str]:
    """Assign every missing dependency (and theirs) next to the content needing it.

    Returns {new path: path of the content that needed it}. A dependency that cannot be placed
    (its path holds something else, or no version matches) stays a problem of the dependent.
    """
    assigned = {c.assignment.example.identifier for c in everything if _wants_example(c)}
    by_path = {c.path: c for c in everything}
    added: dict[str, str] = {}
    queue = [c for c in selected if _wants_example(c)]
    while queue:
        content = queue.pop(0)
        version = library_index.resolve_version(content.assignment.example, content.assignment.version_constraint)
        for dependency in version.dependencies:
            if dependency.identifier in assigned:
                continue
            path = alongside_path(content.path, dependency.identifier)
            occupant = by_path.get(path)
            if occupant is not None and (occupant.assignment is not None or occupant.archived):
                continue  # the path is taken: the dependent reports the dependency as missing
            try:
                library_index.resolve_version(
                    library_index.require_example(session, library, dependency.identifier), dependency.constraint
                )
            except ExlibError:
                continue  # not in the library at a matching version: reported by the dependent
            new = courses.add_content(session, course, path)
            courses.assign(session, library, new, dependency.identifier, dependency.constraint, actor=actor)
            session.refresh(new)
            assigned.add(dependency.identifier)
            by_path[path] = new
            added[path] = content.path
            queue.append(new)
    return added


def alongside_path(content_path: str, identifier: str) -> str:
    """Where a dependency goes when deployed alongside: a sibling named after the identifier's
    last label, e.g. `week2.functions` needing `itpcp.py.variables` -> `week2.variables`."""
    label = re.sub(r"[^a-z0-9_]", "_", identifier.rsplit(".", 1)[-1].lower())[:63] or "dependency"
    parent, _, _ = content_path.rpartition(".")
    return f"{parent}.{label}" if parent else label
