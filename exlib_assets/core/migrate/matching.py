"""Which library version an existing folder holds, judged by file hashes as deployments are.

A folder holds version V when its files other than meta.yaml are exactly V's (same paths, same
sha256) and its meta.yaml is V's: as the author wrote it, or as a deploy annotated it (the
annotation block appended by meta_annotation.py is not part of the version). A folder without
a meta.yaml holds V when everything else matches: `exlib migrate import` wrote V's meta.yaml.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core.db.models import Example, ExampleVersion, Library
from exlib_assets.core.deployments.meta_annotation import MARKER
from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.versions import parse_version


@dataclass(frozen=True)
class IndexedVersion:
    identifier: str
    tag: str
    version_id: int
    digest: str
    title: str | None
    meta_sha256: str | None


class LibraryIndex:
    """Every indexed version of a library, findable by the files it holds besides meta.yaml."""

    def __init__(self, versions: list[tuple[IndexedVersion, Mapping[str, str]]]):
        self._by_files: dict[frozenset, list[IndexedVersion]] = {}
        for version, manifest in versions:
            self._by_files.setdefault(_without_meta(manifest), []).append(version)

    @classmethod
    def load(cls, session: Session, library: Library) -> "LibraryIndex":
        rows = session.execute(
            sa.select(Example.identifier, ExampleVersion)
            .join(ExampleVersion, ExampleVersion.example_id == Example.id)
            .where(Example.library_id == library.id)
        )
        return cls(
            [
                (
                    IndexedVersion(
                        identifier=identifier,
                        tag=version.tag,
                        version_id=version.id,
                        digest=version.digest,
                        title=(version.meta or {}).get("title"),
                        meta_sha256=version.manifest.get(META_FILE),
                    ),
                    version.manifest,
                )
                for identifier, version in rows
            ]
        )

    def matches(self, files: Mapping[str, bytes]) -> list[IndexedVersion]:
        """The versions `files` (a folder's files by relative path) hold, newest first."""
        hashes = {path: file_sha256(data) for path, data in files.items()}
        candidates = self._by_files.get(_without_meta(hashes), [])
        meta = files.get(META_FILE)
        if meta is not None:
            written = {file_sha256(meta), file_sha256(_without_annotation(meta))}
            candidates = [version for version in candidates if version.meta_sha256 in written]
        return sorted(candidates, key=lambda version: parse_version(version.tag), reverse=True)


def _without_meta(manifest: Mapping[str, str]) -> frozenset:
    return frozenset((path, sha) for path, sha in manifest.items() if path != META_FILE)


def _without_annotation(meta: bytes) -> bytes:
    """meta.yaml as it was before a deploy appended its block (see meta_annotation.annotate_meta)."""
    return meta.split(MARKER, 1)[0].rstrip(b"\n") + b"\n"
