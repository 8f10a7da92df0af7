"""An example's meta.yaml, read into one typed model.

Real libraries mix two generations of the format (docs/example-format.md): `slug` and
`identifier`; `links`/`supportingMaterial` and `courseMaterials`/`supportingMaterials`;
`keywords` and `content.tags`; `executionBackendSlug` and `properties.executionBackend`;
`testDependencies` at the top level and under `properties`. `parse_meta` accepts all of them,
collects every problem it finds, and reports them together, each naming its key.
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from exlib_assets.core.errors import (
    ExampleTooLargeError,
    InvalidExampleError,
    InvalidVersionError,
)
from exlib_assets.core.partition_keys import MAX_KEY_LENGTH
from exlib_assets.core.versions import (
    VALID_TAG_EXAMPLES,
    VersionConstraint,
    parse_constraint,
    parse_version,
)

MAX_META_BYTES = 256 * 1024
MAX_NESTING = 64
MAX_IDENTIFIER_LENGTH = 200
IDENTIFIER_RULE = (
    "dotted labels of letters, digits, '_' and '-', each label starting with a letter or digit, "
    f"at most {MAX_IDENTIFIER_LENGTH} characters (e.g. `itpcp.pgph.py.caesar`)"
)
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9][A-Za-z0-9_-]*)*")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")
_UNSTORABLE_PROBLEM = (
    "this text holds a NUL character or half of a surrogate pair (an escape such as `\\0` or `\\ud800`), "
    "which cannot be stored; remove the escape"
)
# libyaml refuses these escapes itself, in words of its own.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[dD][89a-fA-F][0-9a-fA-F]{2})")

# meta.yaml key under `properties` -> field of ExampleProperties
FILE_LIST_KEYS = {
    "studentSubmissionFiles": "student_submission_files",
    "studentTemplates": "student_templates",
    "additionalFiles": "additional_files",
    "testFiles": "test_files",
}
LINK_KEYS = ("links", "supportingMaterial", "supportingMaterials", "courseMaterials")
_EXPECTED_FILE_LIST = "expected a list of relative file paths"
_EXPECTED_DEPENDENCY = (
    "expected an example identifier (`x.y`), `x.y@<constraint>`, "
    "or a mapping with `identifier` (or `slug`) and optional `version`"
)

KeyPath = tuple[str | int, ...]


class _Frozen(BaseModel):
    # Backend settings may hold any YAML value; these keep `summary()` strict JSON (no NaN).
    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", ser_json_inf_nan="null")


class Person(_Frozen):
    """An author or maintainer."""

    name: str | None = None
    email: str | None = None
    affiliation: str | None = None


class Link(_Frozen):
    """Supporting or course material: a URL and what it is called."""

    url: str
    title: str | None = None


class Dependency(_Frozen):
    """Another example this one needs, and which of its versions (constraint text)."""

    identifier: str
    constraint: str = "latest"

    @property
    def version_constraint(self) -> VersionConstraint:
        return parse_constraint(self.constraint)


class ExecutionBackend(_Frozen):
    """Where the example's tests run, e.g. `python` with backend-specific settings."""

    slug: str
    version: str | None = None
    settings: dict[Any, Any] = {}


class ExampleProperties(_Frozen):
    """The `properties` section. File lists hold normalized relative paths (`./a//b` -> `a/b`)."""

    student_submission_files: tuple[str, ...] = ()
    student_templates: tuple[str, ...] = ()
    additional_files: tuple[str, ...] = ()
    test_files: tuple[str, ...] = ()
    test_dependencies: tuple[Dependency, ...] = ()
    execution_backend: ExecutionBackend | None = None


class ExampleMeta(_Frozen):
    """Everything exlib uses from one meta.yaml, in both the older and the newer form.

    `raw` is the mapping as loaded, for steps that rewrite meta.yaml; copy it before changing it.
    """

    folder: str
    identifier: str
    # "known": given by the caller (a deployed content's tracking file), meta.yaml not consulted.
    identifier_source: Literal["identifier", "slug", "folder", "known"]
    version: str
    title: str | None = None
    description: str | None = None
    language: str | None = None
    license: str | None = None
    authors: tuple[Person, ...] = ()
    maintainers: tuple[Person, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    properties: ExampleProperties = ExampleProperties()
    raw: dict[Any, Any] = {}

    @property
    def all_dependency_identifiers(self) -> tuple[str, ...]:
        return tuple(dependency.identifier for dependency in self.properties.test_dependencies)

    def summary(self) -> dict[str, Any]:
        """The parsed fields as JSON-compatible values, for the database: one flat mapping
        (the `properties` fields sit next to `title` etc.), without `raw`."""
        fields = self.model_dump(mode="json", exclude={"raw", "properties"})
        return {**fields, **self.properties.model_dump(mode="json")}


class MissingFile(_Frozen):
    """A file meta.yaml names that the example folder does not contain."""

    key: str
    path: str

    def __str__(self) -> str:
        return f"{self.key}: {self.path}"


def parse_meta(text: str | bytes, *, folder: str, identifier: str | None = None) -> ExampleMeta:
    """Read meta.yaml of the example in `folder` (the folder name is used in messages and as
    the identifier of last resort). Raises InvalidExampleError listing every problem found.

    `identifier` is the example's identity when it is already known, as for a deployed content
    (its tracking file says which example it is): meta.yaml's `identifier`/`slug` and the folder
    name are then not consulted, so a course folder such as `week3/stack` is never taken for one.
    """
    data, root = _load_yaml(text, folder)
    reader = _MetaReader(folder, root, identifier)
    fields = reader.read(data)
    if reader.problems:
        lines = "\n".join(f"  - {problem}" for problem in reader.problems)
        count = len(reader.problems)
        raise InvalidExampleError(
            f"Example {folder!r} has an invalid meta.yaml ({count} problem{'s' * (count > 1)}); "
            f"fix it and import the example again:\n{lines}"
        )
    return ExampleMeta(folder=folder, raw=data, **fields)


def missing_files(meta: ExampleMeta, present: Iterable[str]) -> list[MissingFile]:
    """Files named in the four file lists that are not among `present` (relative paths).

    An entry naming a folder (`localTests`) counts as present when any present file is under it.
    """
    files = {_normalized(path) for path in present}
    folders = {
        "/".join(parts[:depth]) for parts in (path.split("/") for path in files) for depth in range(1, len(parts))
    }
    missing = []
    for key, field in FILE_LIST_KEYS.items():
        for entry in getattr(meta.properties, field):
            if entry not in files and entry not in folders:
                missing.append(MissingFile(key=f"properties.{key}", path=entry))
    return missing


class _RefusedYaml(yaml.MarkedYAMLError):
    """YAML that parses but that meta.yaml does not allow."""


# libyaml parses about seven times faster than the pure-Python parser (a template build reads every
# deployed meta.yaml); the pure-Python one stands in where PyYAML was built without it.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RefusesUnreadableValues:
    """Mixed into a safe loader: refuses values no database can store or Python cannot read."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:
            # e.g. a date like 2024-13-01, or an integer too long for Python to convert
            raise _RefusedYaml(problem=f"this value cannot be read ({error})", problem_mark=node.start_mark) from None
        if isinstance(value, str) and _UNSTORABLE_TEXT.search(value):
            # Only escapes (`"\0"`, `"\ud800"`) make these; no database stores them, and UTF-8 cannot
            # encode half a surrogate pair, so the import would crash after storing the files.
            raise _RefusedYaml(problem=_UNSTORABLE_PROBLEM, problem_mark=node.start_mark)
        return value


def _load_yaml(text: str | bytes, folder: str) -> tuple[dict[Any, Any], yaml.Node]:
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_META_BYTES:
        raise ExampleTooLargeError(
            f"Example {folder!r}: meta.yaml is {size} bytes; at most {MAX_META_BYTES // 1024} KiB "
            "is accepted. Move long texts into content/index.md."
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidExampleError(
                f"Example {folder!r}: meta.yaml is not UTF-8 text (byte "
                f"{error.object[error.start]:#04x} at offset {error.start}); save it as UTF-8."
            ) from None
    try:
        root, data = _compose_and_construct(text)
    except yaml.YAMLError as error:
        raise InvalidExampleError(
            f"Example {folder!r}: meta.yaml is not valid YAML ({_describe_yaml_error(error)}); "
            "fix it and import the example again."
        ) from None
    if data is None:
        raise InvalidExampleError(
            f"Example {folder!r}: meta.yaml is empty; it needs at least a version, e.g. `version: 1.0`."
        )
    if not isinstance(data, dict):
        raise InvalidExampleError(
            f"Example {folder!r}: meta.yaml must be a mapping of keys such as `version: 1.0` "
            f"at the top level, got {_describe(data)}."
        )
    return data, root


class _StrictLoader(_RefusesUnreadableValues, _BASE_LOADER):
    """The safe loader meta.yaml is read with; anchors, aliases and deep nesting are refused before
    it runs (`_refuse_aliases_and_nesting`)."""


def _refuse_aliases_and_nesting(text: str) -> None:
    """Refuse anchors, aliases and deep nesting, from the parser's events, before anything is composed.

    Aliases let a few hundred bytes expand into gigabytes ("billion laughs"), and meta.yaml never
    needs them. Composing recurses once per nesting level, so deep nesting would otherwise end in
    a RecursionError instead of a message.
    """
    open_collections = 0
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            open_collections -= 1
        elif isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.AliasEvent) or event.anchor:
                raise _RefusedYaml(
                    problem="anchors and aliases (`&name`, `*name`) are not allowed in meta.yaml; write the values out",
                    problem_mark=event.start_mark,
                )
            if open_collections >= MAX_NESTING:
                raise _RefusedYaml(problem=f"nested more than {MAX_NESTING} levels deep", problem_mark=event.start_mark)
            if isinstance(event, yaml.CollectionStartEvent):
                open_collections += 1


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    try:
        _refuse_aliases_and_nesting(text)
    except yaml.MarkedYAMLError as error:
        raise _in_our_words(error, text) from None
    # The node tree is kept next to the data because only it knows how scalars were written.
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        return root, None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()


def _in_our_words(error: yaml.MarkedYAMLError, text: str) -> yaml.MarkedYAMLError:
    """libyaml's refusals of what meta.yaml refuses anyway, with the message the rule gives."""
    mark = error.problem_mark
    if mark is None:
        return error
    if "maximum nesting depth" in (error.problem or ""):  # libyaml's own limit lies far beyond ours
        return _RefusedYaml(problem=f"nested more than {MAX_NESTING} levels deep", problem_mark=mark)
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "invalid Unicode character escape" in (error.problem or "") and _SURROGATE_ESCAPE.search(line):
        return _RefusedYaml(problem=_UNSTORABLE_PROBLEM, problem_mark=mark)
    return error


def _describe_yaml_error(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    if isinstance(error, yaml.MarkedYAMLError) and mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
    return str(error)


class _MetaReader:
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
        self.problem(path, f"expected {expected}, got {_describe(value)}")
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
            self.problem(("content",), f"expected a mapping (with `tags`), got {_describe(content)}")
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
                f"got {_describe(properties)}",
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
            self.problem(path, f"{_EXPECTED_FILE_LIST}, got {_describe(value)}")
            return ()
        entries: dict[str, None] = {}
        for item, item_path in self._items(value, path):
            if not isinstance(item, str):
                self.problem(item_path, f"{_EXPECTED_FILE_LIST}, got {_describe(item)}")
                continue
            problem = _unsafe_path_problem(item)
            if problem is not None:
                self.problem(item_path, f"{item!r} {problem}")
                continue
            entries.setdefault(_normalized(item), None)
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
            self.problem(path, f"{_EXPECTED_DEPENDENCY}, got {_describe(item)}")
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
            self.problem((*path, "settings"), f"expected a mapping of settings, got {_describe(settings)}")
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
    if not _normalized(entry):
        return "names the example folder itself; name a file or folder inside it"
    return None


def _is_absent(value: Any) -> bool:
    """Authors write `key:`, `key: []` or `key: ""` for "nothing"."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _normalized(path: str) -> str:
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


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, date):
        return f"a date ({value})"
    return f"a {type(value).__name__} value"
