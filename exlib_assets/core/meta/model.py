"""The typed model of one example's meta.yaml, as `parse_meta` returns it."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from exlib_assets.core.versions import (
    VersionConstraint,
    parse_constraint,
)

# meta.yaml key under `properties` -> field of ExampleProperties
FILE_LIST_KEYS = {
    "studentSubmissionFiles": "student_submission_files",
    "studentTemplates": "student_templates",
    "additionalFiles": "additional_files",
    "testFiles": "test_files",
}
LINK_KEYS = ("links", "supportingMaterial", "supportingMaterials", "courseMaterials")


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
