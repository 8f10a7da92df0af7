"""The library as a course's lecturer browses it: every example with its newest version's
description and tags, where the course already uses it, filtered by text, language and tag.

A "language" is either the programming language (the execution backend, e.g. python, c, r) or
the language of the task text (meta.yaml's `language`, e.g. en): a filter matches either."""

from dataclasses import dataclass, field

from exlib_assets.api.services import lookups
from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Example
from exlib_assets.core.versions import parse_version


@dataclass
class ExampleEntry:
    identifier: str
    title: str | None
    description: str | None
    language: str | None
    # The execution backend, which names the programming language: python, c, r, julia, ...
    backend: str | None
    tags: list[str]
    versions: list[str]
    latest: str | None
    # Content paths of this course assigned this example.
    used_at: list[str] = field(default_factory=list)


@dataclass
class ExampleListing:
    examples: list[ExampleEntry]
    total: int
    # What the filters can be set to, over the whole library.
    languages: list[str]
    tags: list[str]


def examples_for_course(
    app: App, slug: str, *, search: str | None = None, language: str | None = None, tag: str | None = None
) -> ExampleListing:
    with app.db.session() as session:
        course = lookups.course_named(session, slug)
        library = lookups.library_of(session, app)
        used: dict[str, list[str]] = {}
        for content in courses.contents_under(session, course):
            if content.assignment is not None:
                used.setdefault(content.assignment.example.identifier, []).append(content.path)
        entries = [
            example_entry(example, used.get(example.identifier, []))
            for example in library_index.list_examples(session, library)
        ]
    chosen = [entry for entry in entries if _matches(entry, search, language, tag)]
    return ExampleListing(
        examples=chosen,
        total=len(chosen),
        languages=sorted({name for entry in entries for name in (entry.backend, entry.language) if name}),
        tags=sorted({t for entry in entries for t in entry.tags}),
    )


def example_entry(example: Example, used_at: list[str]) -> ExampleEntry:
    versions = sorted(example.versions, key=lambda v: parse_version(v.tag))
    newest = versions[-1].meta if versions else {}
    return ExampleEntry(
        identifier=example.identifier,
        title=example.title,
        description=newest.get("description"),
        language=example.language,
        backend=(newest.get("execution_backend") or {}).get("slug"),
        tags=list(newest.get("tags") or []),
        versions=[v.tag for v in versions],
        latest=versions[-1].tag if versions else None,
        used_at=used_at,
    )


def _matches(entry: ExampleEntry, search: str | None, language: str | None, tag: str | None) -> bool:
    if language and language.casefold() not in {(name or "").casefold() for name in (entry.backend, entry.language)}:
        return False
    if tag and tag.casefold() not in {t.casefold() for t in entry.tags}:
        return False
    if search:
        text = " ".join(filter(None, [entry.identifier, entry.title, entry.description, *entry.tags])).casefold()
        return all(word in text for word in search.casefold().split())
    return True
