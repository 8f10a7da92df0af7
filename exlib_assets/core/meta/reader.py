"""Reads the fields of a loaded meta.yaml, both generations of keys, collecting every problem.

Older libraries write `slug`, `keywords`, `executionBackendSlug` and top-level
`testDependencies`; newer ones `identifier`, `content.tags`, `properties.executionBackend` and
`properties.testDependencies`. Both are read into the same fields (see `model.py`).
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import yaml

from exlib_assets.core.errors import (
    InvalidVersionError,
)
from exlib_assets.core.keys import MAX_KEY_LENGTH
from exlib_assets.core.meta.model import (
    FILE_LIST_KEYS,
    LINK_KEYS,
    Dependency,
    ExampleProperties,
    ExecutionBackend,
    Link,
    Person,
)
from exlib_assets.core.meta.yaml_loader import describe_value
from exlib_assets.core.versions import (
    VALID_TAG_EXAMPLES,
    parse_constraint,
    parse_version,
)

MAX_IDENTIFIER_LENGTH = 200
IDENTIFIER_RULE = (
    "dotted labels of letters, digits, '_' and '-', each label starting with a letter or digit, "
    f"at most {MAX_IDENTIFIER_LENGTH} characters (e.g. `itpcp.pgph.py.caesar`)"
)
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9][A-Za-z0-9_-]*)*")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")
_EXPECTED_FILE_LIST = "expected a list of relative file paths"
_EXPECTED_DEPENDENCY = (
    "expected an example identifier (`x.y`), `x.y@<constraint>`, "
    "or a mapping with `identifier` (or `slug`) and optional `version`"
)

KeyPath = tuple[str | int, ...]


class MetaReader:
    """Reads the fields of one loaded meta.yaml, collecting problems instead of stopping."""

    def __init__(self, folder: str, root: yaml.Node, known_identifier: str | None = None) -> None:
        self.folder = folder
        self.known_identifier = known_identifier
        self.root = root
        self.problems: list[str] = []

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(f"{_key_path(path)}: {message}")

    def read(self, data: dict[Any, Any]) -> dict[str, Any]:
        identifier, identifier_source = self._identifier(data)
        version = self._version(data)
        if version is not None:
            self._check_partition_key(identifier, version, ("slug" if identifier_source == "slug" else "identifier",))
        return {
            "identifier": identifier,
            "identifier_source": identifier_source,
            "version": version,
            "title": self.text(data.get("title"), ("title",)),
            "description": self.text(data.get("description"), ("description",)),
            "language": self.text(data.get("language"), ("language",)),
            "license": self.text(data.get("license"), ("license",)),
            "authors": self._people(data, "authors"),
            "maintainers": self._people(data, "maintainers"),
            "links": self._links(data),
            "tags": self._tags(data),
            "properties": self._properties(data, identifier),
        }

    def text(self, value: Any, path: KeyPath, expected: str = "text") -> str | None:
        """A scalar as the author wrote it (`1.10` stays `1.10`); None when absent or blank."""
        if _is_absent(value):
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float | date):
            return self._source_text(path, value)
        self.problem(path, f"expected {expected}, got {describe_value(value)}")
        return None

    def _source_text(self, path: KeyPath, value: Any) -> str:
        # YAML reads `1.10` as the float 1.1; only the node still has the digits as written.
        node: yaml.Node | None = self.root
        for step in path:
            if isinstance(node, yaml.MappingNode):
                # The last duplicate key wins, as in the loaded mapping.
                node = next((v for k, v in reversed(node.value) if k.value == step), None)
            elif isinstance(node, yaml.SequenceNode):
                node = node.value[step]
        return node.value if isinstance(node, yaml.ScalarNode) else str(value)

    def _identifier(self, data: dict[Any, Any]) -> tuple[str, str]:
        if self.known_identifier is not None:
            return self.known_identifier, "known"
        for key in ("identifier", "slug"):
            if _is_absent(data.get(key)):
                continue
            text = self.text(data.get(key), (key,), "a dotted identifier")
            if text is not None:
                self._check_identifier(text.strip(), (key,))
            return (self.folder if text is None else text.strip()), key
        if not is_identifier(self.folder):
            self.problem(
                ("identifier",),
                f"missing, and the folder name {self.folder!r} cannot stand in for it; "
                f"add `identifier:` with {IDENTIFIER_RULE}",
            )
        return self.folder, "folder"

    def _check_identifier(self, identifier: str, path: KeyPath) -> None:
        if not is_identifier(identifier):
            self.problem(path, f"{identifier!r} is not a valid identifier; expected {IDENTIFIER_RULE}")

    def _check_partition_key(self, identifier: str, version: str, path: KeyPath) -> None:
        # Each version is a Dagster partition `identifier@version`; a longer key is refused only
        # when a deploy records its lineage, after the commit was pushed.
        key = f"{identifier}@{version}"
        if is_identifier(identifier) and len(key) > MAX_KEY_LENGTH:
            self.problem(
                path,
                f"{key!r} is {len(key)} characters, more than the {MAX_KEY_LENGTH} a version's name "
                "(`identifier@version`) may have; shorten the identifier",
            )

    def _version(self, data: dict[Any, Any]) -> str | None:
        value = data.get("version")
        tag = self.text(value, ("version",), f"a version tag such as {VALID_TAG_EXAMPLES}")
        if tag is None:
            if _is_absent(value):
                self.problem(
                    ("version",),
                    f"missing; add a version tag such as `version: 1.0` ({VALID_TAG_EXAMPLES})",
                )
            return None
        try:
            return parse_version(tag.strip()).tag
        except InvalidVersionError as error:
            self.problem(("version",), str(error))
            return None

    def _people(self, data: dict[Any, Any], key: str) -> tuple[Person, ...]:
        people = []
        for item, path in self._items(data.get(key), (key,)):
            if isinstance(item, dict):
                person = Person(
                    name=self.text(item.get("name"), (*path, "name")),
                    email=self.text(item.get("email"), (*path, "email")),
                    affiliation=self.text(item.get("affiliation"), (*path, "affiliation")),
                )
                if person.name is None and person.email is None:
                    self.problem(path, "expected a person with at least `name` or `email`")
                    continue
            else:
                name = self.text(item, path, "a name, or a mapping with `name`, `email`, `affiliation`")
                if name is None:
                    continue
                person = Person(name=name)
            people.append(person)
        return tuple(people)

    def _links(self, data: dict[Any, Any]) -> tuple[Link, ...]:
        links: dict[str, Link] = {}
        for key in LINK_KEYS:
            for item, path in self._items(data.get(key), (key,)):
                link = self._link(item, path)
                if link is not None and link.url not in links:
                    links[link.url] = link
        return tuple(links.values())

    def _link(self, item: Any, path: KeyPath) -> Link | None:
        if not isinstance(item, dict):
            url = self.text(item, path, "a URL, or a mapping with `url` and `title` (or `name`)")
            return None if url is None else Link(url=url.strip())
        url = self._first_text(item, ("url", "link", "href"), path)
        if url is None:
            self.problem(path, "expected a mapping with `url` (and optionally `title` or `name`)")
            return None
        title = self._first_text(item, ("title", "name", "description"), path)
        return Link(url=url.strip(), title=title)

    def _first_text(self, mapping: dict[Any, Any], keys: Iterable[str], path: KeyPath) -> str | None:
        for key in keys:
            text = self.text(mapping.get(key), (*path, key))
            if text is not None:
                return text
        return None

    def _tags(self, data: dict[Any, Any]) -> tuple[str, ...]:
        sources: list[tuple[Any, KeyPath]] = [(data.get("keywords"), ("keywords",))]
        content = data.get("content")
        if isinstance(content, dict):
            sources.append((content.get("tags"), ("content", "tags")))
        elif content is not None:
            self.problem(("content",), f"expected a mapping (with `tags`), got {describe_value(content)}")
        tags: dict[str, None] = {}
        for value, source_path in sources:
            for item, path in self._items(value, source_path):
                tag = self.text(item, path, "a list of words")
                if tag is not None:
                    tags.setdefault(tag.strip(), None)
        return tuple(tags)

    def _properties(self, data: dict[Any, Any], identifier: str) -> ExampleProperties:
        properties = data.get("properties")
        if properties is None:
            properties = {}
        elif not isinstance(properties, dict):
            self.problem(
                ("properties",),
                "expected a mapping with keys such as `studentSubmissionFiles` and `testFiles`, "
                f"got {describe_value(properties)}",
            )
            properties = {}
        file_lists = {
            field: self._file_list(properties.get(key), ("properties", key)) for key, field in FILE_LIST_KEYS.items()
        }
        return ExampleProperties(
            **file_lists,
            test_dependencies=self._dependencies(data, properties, identifier),
            execution_backend=self._execution_backend(data, properties),
        )

    def _file_list(self, value: Any, path: KeyPath) -> tuple[str, ...]:
        if value is not None and not isinstance(value, list | str):
            self.problem(path, f"{_EXPECTED_FILE_LIST}, got {describe_value(value)}")
            return ()
        entries: dict[str, None] = {}
        for item, item_path in self._items(value, path):
            if not isinstance(item, str):
                self.problem(item_path, f"{_EXPECTED_FILE_LIST}, got {describe_value(item)}")
                continue
            problem = _unsafe_path_problem(item)
            if problem is not None:
                self.problem(item_path, f"{item!r} {problem}")
                continue
            entries.setdefault(normalized_path(item), None)
        return tuple(entries)

    def _dependencies(
        self, data: dict[Any, Any], properties: dict[Any, Any], identifier: str
    ) -> tuple[Dependency, ...]:
        # The older form kept testDependencies at the top level.
        items = [
            *self._items(data.get("testDependencies"), ("testDependencies",)),
            *self._items(properties.get("testDependencies"), ("properties", "testDependencies")),
        ]
        dependencies: dict[str, Dependency] = {}
        for item, path in items:
            dependency = self._dependency(item, path)
            if dependency is None:
                continue
            earlier = dependencies.get(dependency.identifier)
            if dependency.identifier == identifier:
                self.problem(path, f"the example depends on itself ({identifier!r}); remove this entry")
            elif earlier is not None and earlier.constraint != dependency.constraint:
                self.problem(
                    path,
                    f"{dependency.identifier!r} is listed twice with different versions "
                    f"({earlier.constraint!r} and {dependency.constraint!r}); keep one",
                )
            else:
                dependencies.setdefault(dependency.identifier, dependency)
        return tuple(dependencies.values())

    def _dependency(self, item: Any, path: KeyPath) -> Dependency | None:
        if isinstance(item, str):
            identifier, _, constraint_text = item.strip().partition("@")
            constraint_path = path
        elif isinstance(item, dict):
            identifier = self._first_text(item, ("identifier", "slug"), path)
            if identifier is None:
                self.problem(path, f"{_EXPECTED_DEPENDENCY}; `identifier` is missing")
                return None
            constraint_path = (*path, "version")
            constraint_text = self.text(item.get("version"), constraint_path, "a version constraint")
        else:
            self.problem(path, f"{_EXPECTED_DEPENDENCY}, got {describe_value(item)}")
            return None
        identifier = identifier.strip()
        if not is_identifier(identifier):
            self.problem(
                path,
                f"{identifier!r} is not a valid example identifier; expected {IDENTIFIER_RULE}",
            )
            return None
        try:
            constraint = parse_constraint(constraint_text or "latest")
        except InvalidVersionError as error:
            self.problem(constraint_path, str(error))
            return None
        return Dependency(identifier=identifier, constraint=constraint.text)

    def _execution_backend(self, data: dict[Any, Any], properties: dict[Any, Any]) -> ExecutionBackend | None:
        path: KeyPath = ("properties", "executionBackend")
        value = properties.get("executionBackend")
        if _is_absent(value):
            return self._legacy_execution_backend(data, properties)
        if not isinstance(value, dict):
            slug = self.text(value, path, "a mapping with `slug`, `version` and `settings`")
            return None if slug is None else ExecutionBackend(slug=slug.strip())
        settings = value.get("settings")
        if settings is not None and not isinstance(settings, dict):
            self.problem((*path, "settings"), f"expected a mapping of settings, got {describe_value(settings)}")
            settings = None
        slug = self.text(value.get("slug"), (*path, "slug"), "the backend's slug")
        if slug is None:
            self.problem((*path, "slug"), "missing; name the backend, e.g. `slug: python`")
            return None
        return ExecutionBackend(
            slug=slug.strip(),
            version=self.text(value.get("version"), (*path, "version")),
            settings=settings or {},
        )

    def _legacy_execution_backend(self, data: dict[Any, Any], properties: dict[Any, Any]) -> ExecutionBackend | None:
        for container, path in ((properties, ("properties",)), (data, ())):
            key_path = (*path, "executionBackendSlug")
            slug = self.text(container.get("executionBackendSlug"), key_path)
            if slug is not None:
                return ExecutionBackend(slug=slug.strip())
        return None

    def _items(self, value: Any, path: KeyPath) -> Iterator[tuple[Any, KeyPath]]:
        """Items of a list with their paths; a single value counts as a one-item list."""
        if value is None:
            return
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield item, (*path, index)
        else:
            yield value, path


def _unsafe_path_problem(entry: str) -> str | None:
    """Why a file-list entry is not a plain path inside the example folder, or None."""
    if not entry.strip():
        return "is empty; name a file relative to the example folder"
    if "\x00" in entry:
        return "contains a NUL character; name a file relative to the example folder"
    if "\\" in entry:
        return "uses backslashes; separate folders with '/'"
    if entry.startswith("/") or _WINDOWS_DRIVE.match(entry):
        return "is absolute; write it relative to the example folder"
    parts = entry.split("/")
    if ".." in parts:
        return "leaves the example folder ('..'); name a file inside it"
    if ".git" in (part.lower() for part in parts):
        return "is inside `.git/`, which is never deployed; remove it"
    if not normalized_path(entry):
        return "names the example folder itself; name a file or folder inside it"
    return None


def _is_absent(value: Any) -> bool:
    """Authors write `key:`, `key: []` or `key: ""` for "nothing"."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def normalized_path(path: str) -> str:
    return "/".join(part for part in path.split("/") if part not in ("", "."))


def is_identifier(text: str) -> bool:
    return len(text) <= MAX_IDENTIFIER_LENGTH and _IDENTIFIER.fullmatch(text) is not None


def _key_path(path: KeyPath) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text or "meta.yaml"
