"""The library as a lecturer browses it: one row per example (title, language, tags, versions,
dependencies, where it is used) and, per version, a page with its files, its meta.yaml fields and
its dependency graph drawn as a picture and a tree."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from exlib_assets.core import library_index
from exlib_assets.core.db.models import Course, CourseContent, Deployment, Example, ExampleVersion
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.lecturer_view.dependency_picture import Edge, dependency_svg, markdown_image
from exlib_assets.core.versions import sort_versions

# meta.yaml fields a page lists, in this order; the rest of the parsed fields follow.
FIRST_FIELDS = ["identifier", "version", "title", "description", "language", "license", "authors", "tags"]
# How deep the dependency graph follows dependencies of dependencies.
MAX_GRAPH_DEPTH = 5


@dataclass
class ExampleRow:
    identifier: str
    title: str
    language: str
    tags: list[str]
    versions: list[str]
    dependencies: list[str]
    used_in: list[str]


def example_rows(session: Session, library_name: str) -> list[ExampleRow]:
    """Every example of the library, sorted by identifier; tags and dependencies of its newest version."""
    library = library_index.get_or_create_library(session, library_name)
    uses = _uses(session)
    rows = []
    for example in library_index.list_examples(session, library):
        tags = sort_versions(version.tag for version in example.versions)
        newest = next(v for v in example.versions if v.tag == tags[-1]) if tags else None
        rows.append(
            ExampleRow(
                identifier=example.identifier,
                title=example.title or "",
                language=example.language or "",
                tags=list((newest.meta or {}).get("tags") or []) if newest else [],
                versions=tags,
                dependencies=[f"{d.identifier} {d.constraint}" for d in newest.dependencies] if newest else [],
                used_in=uses.get(example.identifier, []),
            )
        )
    return rows


def _uses(session: Session) -> dict[str, list[str]]:
    """{identifier: ["course/path@version", ...]} for every folder holding a version of it."""
    query = (
        sa.select(Example.identifier, Course.slug, CourseContent.path, ExampleVersion.tag)
        .join(ExampleVersion, ExampleVersion.example_id == Example.id)
        .join(Deployment, Deployment.example_version_id == ExampleVersion.id)
        .join(CourseContent, CourseContent.id == Deployment.content_id)
        .join(Course, Course.id == CourseContent.course_id)
        .where(Deployment.status != "removed")
        .order_by(Course.slug, CourseContent.path)
    )
    uses: dict[str, list[str]] = {}
    for identifier, slug, path, tag in session.execute(query):
        uses.setdefault(identifier, []).append(f"{slug}/{path}@{tag}")
    return uses


def version_page(session: Session, library_name: str, identifier: str, tag: str) -> str:
    """The Markdown page of one version: files as a tree, meta.yaml fields, dependency graph."""
    library = library_index.get_or_create_library(session, library_name)
    example = library_index.require_example(session, library, identifier)
    version = library_index.find_version(example, tag)
    if version is None:
        raise ExlibError(f"{identifier} has no version {tag}; `exlib library show {identifier}` lists its versions.")
    sections = [
        f"### {example.title or identifier} ({identifier}@{tag})",
        f"To use it in a course, launch the `assign_example` job with example `{identifier}` and version `{tag}`.",
        "#### Files",
        file_tree(list(version.manifest)),
        "#### meta.yaml",
        meta_table(version.meta or {}),
        "#### Dependencies",
        dependency_graph(session, library, version),
    ]
    return "\n\n".join(sections)


def file_tree(paths: list[str]) -> str:
    """Paths as a nested list, folders before the files in them."""
    lines: list[str] = []
    shown: set[str] = set()
    for path in sorted(paths, key=lambda p: (p.split("/")[:-1], p)):
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in shown:
                shown.add(folder)
                lines.append(f"{'  ' * (depth - 1)}- 📁 {parts[depth - 1]}/")
        lines.append(f"{'  ' * (len(parts) - 1)}- `{parts[-1]}`")
    return "\n".join(lines) or "(no files)"


def meta_table(meta: dict) -> str:
    names = [name for name in FIRST_FIELDS if name in meta] + sorted(set(meta) - set(FIRST_FIELDS))
    rows = [f"| {name} | {_value(meta[name])} |" for name in names if meta[name] not in (None, "", [], {})]
    return "\n".join(["| field | value |", "|---|---|", *rows])


def dependency_graph(session: Session, library, version: ExampleVersion) -> str:
    """The dependencies as a picture and as a tree: this version, what it needs, what those need
    (each at the version its constraint resolves to now), MAX_GRAPH_DEPTH levels deep. Dagster's
    Markdown has no diagrams (a Mermaid block shows as its source), so the picture is an SVG drawn
    here (dependency_picture.py); the tree below it, in box characters, can be read and copied."""
    root = f"{version.example.identifier}@{version.tag}"
    if not version.dependencies:
        return "No dependencies."
    lines = [root]
    edges: list[str] = []
    drawn: list[Edge] = []

    def draw(current: ExampleVersion, prefix: str, path: tuple[str, ...]) -> None:
        for number, dependency in enumerate(current.dependencies):
            last = number == len(current.dependencies) - 1
            target = _resolved(session, library, dependency.identifier, dependency.constraint)
            label = f"{dependency.identifier}@{target.tag}" if target else f"{dependency.identifier} (missing)"
            lines.append(f"{prefix}{'└' if last else '├'}── ({dependency.constraint}) ──▶ {label}")
            edges.append(f"- `{path[-1]}` needs `{label}` ({dependency.constraint})")
            drawn.append(Edge(path[-1], label, dependency.constraint))
            if target and label not in path and len(path) < MAX_GRAPH_DEPTH:
                draw(target, prefix + ("    " if last else "│   "), (*path, label))

    draw(version, "", (root,))
    picture = markdown_image(dependency_svg(root, drawn), f"what {root} needs")
    return "\n".join([picture, "", "```text", *lines, "```", "", *edges])


def _resolved(session: Session, library, identifier: str, constraint: str) -> ExampleVersion | None:
    example = session.scalar(
        sa.select(Example)
        .where(Example.library_id == library.id, Example.identifier == identifier)
        .options(selectinload(Example.versions).selectinload(ExampleVersion.dependencies))
    )
    if example is None:
        return None
    try:
        return library_index.resolve_version(example, constraint)
    except ExlibError:
        return None


def _value(value) -> str:
    if isinstance(value, list):
        # People and links are mappings: `;` keeps one from running into the next.
        text = ("; " if any(isinstance(item, dict) for item in value) else ", ").join(_value(item) for item in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{key}: {_value(item)}" for key, item in value.items() if item not in (None, "", [], {}))
    else:
        text = str(value)
    return " ".join(text.split()).replace("|", "/")


def versions_after(session: Session, version_id: int) -> dict[int, str]:
    """{id: `identifier@version`} of the versions indexed after `version_id`, oldest first."""
    query = (
        sa.select(ExampleVersion.id, Example.identifier, ExampleVersion.tag)
        .join(Example, Example.id == ExampleVersion.example_id)
        .where(ExampleVersion.id > version_id)
        .order_by(ExampleVersion.id)
    )
    return {row_id: f"{identifier}@{tag}" for row_id, identifier, tag in session.execute(query)}


def usage_signal(session: Session) -> str:
    """Changes whenever any deployment row does: where examples are used may have changed."""
    count, newest = session.execute(sa.select(sa.func.count(Deployment.id), sa.func.max(Deployment.updated_at))).one()
    return f"{count}|{newest}"
