"""The object-key layout of the library: `repositories/{library}/{identifier}/{version}/{relpath}`."""

import re

from exlib_assets.core.errors import StorageError

# One key segment: no '/', nothing that could be read as a relative path.
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\Z")


def library_prefix(library: str) -> str:
    return f"repositories/{_segment(library, 'library')}/"


def version_prefix(library: str, identifier: str, version: str) -> str:
    """The prefix of one version's files, always with its trailing '/' so `v1` never matches `v10`."""
    return f"{library_prefix(library)}{_segment(identifier, 'identifier')}/{_segment(version, 'version')}/"


def _segment(value: str, what: str) -> str:
    if not _SEGMENT.match(value) or ".." in value:
        raise StorageError(
            f"{what} {value!r} cannot be used in a storage key: use letters, digits and . _ -, "
            "starting with a letter or digit."
        )
    return value
