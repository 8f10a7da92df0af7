"""An example's meta.yaml, read into one typed model.

Real libraries mix two generations of the format (docs/example-format.md): `slug` and
`identifier`; `links`/`supportingMaterial` and `courseMaterials`/`supportingMaterials`;
`keywords` and `content.tags`; `executionBackendSlug` and `properties.executionBackend`;
`testDependencies` at the top level and under `properties`. `parse_meta` accepts all of them,
collects every problem it finds, and reports them together, each naming its key.
"""

from collections.abc import Iterable

from exlib_assets.core.errors import InvalidExampleError
from exlib_assets.core.meta.model import (
    FILE_LIST_KEYS,
    LINK_KEYS,
    Dependency,
    ExampleMeta,
    ExampleProperties,
    ExecutionBackend,
    Link,
    MissingFile,
    Person,
)
from exlib_assets.core.meta.reader import (
    IDENTIFIER_RULE,
    MAX_IDENTIFIER_LENGTH,
    MetaReader,
    is_identifier,
    normalized_path,
)
from exlib_assets.core.meta.yaml_loader import MAX_META_BYTES, MAX_NESTING, load_yaml


def parse_meta(text: str | bytes, *, folder: str, identifier: str | None = None) -> ExampleMeta:
    """Read meta.yaml of the example in `folder` (the folder name is used in messages and as
    the identifier of last resort). Raises InvalidExampleError listing every problem found.

    `identifier` is the example's identity when it is already known, as for a deployed content
    (its tracking file says which example it is): meta.yaml's `identifier`/`slug` and the folder
    name are then not consulted, so a course folder such as `week3/stack` is never taken for one.
    """
    data, root = load_yaml(text, folder)
    reader = MetaReader(folder, root, identifier)
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
    files = {normalized_path(path) for path in present}
    folders = {
        "/".join(parts[:depth]) for parts in (path.split("/") for path in files) for depth in range(1, len(parts))
    }
    missing = []
    for key, field in FILE_LIST_KEYS.items():
        for entry in getattr(meta.properties, field):
            if entry not in files and entry not in folders:
                missing.append(MissingFile(key=f"properties.{key}", path=entry))
    return missing


__all__ = [
    "FILE_LIST_KEYS",
    "IDENTIFIER_RULE",
    "LINK_KEYS",
    "MAX_IDENTIFIER_LENGTH",
    "MAX_META_BYTES",
    "MAX_NESTING",
    "Dependency",
    "ExampleMeta",
    "ExampleProperties",
    "ExecutionBackend",
    "Link",
    "MissingFile",
    "Person",
    "is_identifier",
    "missing_files",
    "parse_meta",
]
