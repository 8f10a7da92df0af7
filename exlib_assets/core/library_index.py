"""The library index in the database: examples, their immutable versions and dependencies."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from exlib_assets.core.db.models import Example, ExampleDependency, ExampleVersion, Library
from exlib_assets.core.errors import DependencyError, InvalidVersionError, NotFoundError, VersionConflictError
from exlib_assets.core.versions import parse_constraint, parse_version

if TYPE_CHECKING:
    # Only indexing reads a loaded example; resolving versions for a course (status, deploy)
    # should not import meta.yaml's model and reader.
    from exlib_assets.core.loaded_example import LoadedExample


def get_or_create_library(session: Session, name: str) -> Library:
    library = session.scalar(sa.select(Library).where(Library.name == name))
    if library is not None:
        return library
    # Two first imports into an empty database both find no row; the second insert must not
    # fail on the unique name, so a row someone else just inserted is taken as it is.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(Library).values(name=name).on_conflict_do_nothing(index_elements=["name"]))
    return session.scalars(sa.select(Library).where(Library.name == name)).one()


def find_example(session: Session, library: Library, identifier: str) -> Example | None:
    return session.scalar(
        sa.select(Example)
        .where(Example.library_id == library.id, Example.identifier == identifier)
        .options(selectinload(Example.versions).selectinload(ExampleVersion.dependencies))
    )


def find_version(example: Example, tag: str) -> ExampleVersion | None:
    """The version equal to `tag` by semantic value (`v1.2` finds `1.2`)."""
    wanted = parse_version(tag).normalized
    return next((v for v in example.versions if v.normalized == wanted), None)


def require_example(session: Session, library: Library, identifier: str) -> Example:
    example = find_example(session, library, identifier)
    if example is None:
        raise NotFoundError(
            f"example {identifier!r} is not in library {library.name!r}; "
            "see `exlib library list` for the identifiers there, or import it with `exlib library import`."
        )
    return example


def resolve_version(example: Example, constraint: str = "latest") -> ExampleVersion:
    """The version of `example` a constraint (`latest`, `1.2`, `^1.2`, `>=1,<2`) points at."""
    tags = [v.tag for v in example.versions]
    if not tags:
        raise NotFoundError(f"example {example.identifier!r} has no versions yet.")
    return find_version(example, parse_constraint(constraint).resolve(tags, example=example.identifier))


def resolve_reference(session: Session, library: Library, reference: str) -> ExampleVersion:
    """`IDENTIFIER` or `IDENTIFIER@VERSION_OR_CONSTRAINT` to the stored version it names."""
    identifier, _, constraint = reference.partition("@")
    example = require_example(session, library, identifier)
    return resolve_version(example, constraint or "latest")


@dataclass(frozen=True)
class IndexOutcome:
    version: ExampleVersion
    created: bool


def index_version(session: Session, library: Library, loaded: "LoadedExample", storage_prefix: str) -> IndexOutcome:
    """Record a checked version in the index, or confirm it is already there with the same content.

    The same tag with other content is refused: versions are immutable.
    """
    example = find_example(session, library, loaded.identifier)
    if example is None:
        example = Example(library=library, identifier=loaded.identifier, versions=[])
        session.add(example)
    existing = find_version(example, loaded.version)
    if existing is not None:
        if existing.digest != loaded.digest:
            raise VersionConflictError(
                f"{loaded.key}: version {existing.tag} of {loaded.identifier} is already in the library "
                "with different content; versions are immutable, so bump `version` in meta.yaml "
                f"(for example to {_suggest_bump(example)}) and import again."
            )
        return IndexOutcome(existing, created=False)

    parsed = parse_version(loaded.version)
    version = ExampleVersion(
        example=example,
        tag=loaded.version,
        normalized=parsed.normalized,
        sort_key=parsed.sort_key,
        digest=loaded.digest,
        manifest=loaded.manifest,
        file_count=len(loaded.manifest),
        size_bytes=loaded.size_bytes,
        meta=loaded.meta.summary(),
        storage_prefix=storage_prefix,
        dependencies=[
            ExampleDependency(identifier=dep.identifier, constraint=dep.constraint)
            for dep in loaded.meta.properties.test_dependencies
        ],
    )
    session.add(version)
    # The newest version speaks for the example in listings.
    if not example.versions or parsed >= max(parse_version(v.tag) for v in example.versions):
        example.title = loaded.meta.title
        example.language = loaded.meta.language
    session.flush()
    session.refresh(example)
    return IndexOutcome(version, created=True)


def dependency_problems(
    session: Session, library: Library, loaded: "LoadedExample", pending: Mapping[str, list[str]] | None = None
) -> list[str]:
    """Dependencies of `loaded` that no indexed (or `pending`, about to be) version satisfies."""
    problems = []
    for dep in loaded.meta.properties.test_dependencies:
        example = find_example(session, library, dep.identifier)
        tags = [v.tag for v in example.versions] if example else []
        tags += (pending or {}).get(dep.identifier, [])
        if not tags:
            problems.append(f"dependency {dep.identifier!r} is not in the library; import it first or in the same run")
            continue
        try:
            parse_constraint(dep.constraint).resolve(tags)
        except (NotFoundError, InvalidVersionError):
            problems.append(
                f"dependency {dep.identifier}@{dep.constraint} matches none of its versions ({', '.join(tags)})"
            )
    return problems


def require_no_cycle(session: Session, library: Library, candidates: Mapping[str, list[str]]) -> None:
    """Refuse dependencies that loop back, using each example's newest known dependencies.

    `candidates` maps identifiers about to be indexed to their dependencies and overrides
    what the index holds for them.
    """
    graph = _dependency_graph(session, library)
    graph.update({identifier: list(deps) for identifier, deps in candidates.items()})
    for start in candidates:
        cycle = _find_cycle(graph, start)
        if cycle:
            raise DependencyError("dependency cycle " + " -> ".join(cycle) + "; remove one of these testDependencies.")


def _dependency_graph(session: Session, library: Library) -> dict[str, list[str]]:
    rows = session.execute(
        sa.select(Example.identifier, ExampleVersion.sort_key, ExampleDependency.identifier)
        .join(ExampleVersion, ExampleVersion.example_id == Example.id)
        .outerjoin(ExampleDependency, ExampleDependency.version_id == ExampleVersion.id)
        .where(Example.library_id == library.id)
    ).all()
    newest: dict[str, str] = {}
    for identifier, sort_key, _ in rows:
        newest[identifier] = max(newest.get(identifier, sort_key), sort_key)
    graph: dict[str, list[str]] = {identifier: [] for identifier in newest}
    for identifier, sort_key, dependency in rows:
        if dependency and sort_key == newest[identifier]:
            graph[identifier].append(dependency)
    return graph


def _find_cycle(graph: Mapping[str, list[str]], start: str) -> list[str] | None:
    path: list[str] = []
    on_path: set[str] = set()
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        if node in on_path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        path.append(node)
        on_path.add(node)
        for neighbour in graph.get(node, []):
            found = visit(neighbour)
            if found:
                return found
        path.pop()
        on_path.discard(node)
        done.add(node)
        return None

    return visit(start)


def _suggest_bump(example: Example) -> str:
    newest = max(example.versions, key=lambda v: parse_version(v.tag)).tag
    match = re.fullmatch(r"(v?(?:\d+\.)*)(\d+)", newest)
    return f"{match.group(1)}{int(match.group(2)) + 1}" if match else "a version above " + newest


def list_examples(session: Session, library: Library) -> list[Example]:
    return list(
        session.scalars(
            sa.select(Example)
            .where(Example.library_id == library.id)
            .order_by(Example.identifier)
            .options(selectinload(Example.versions).selectinload(ExampleVersion.dependencies))
        )
    )
