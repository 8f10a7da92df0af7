"""Content fingerprints: a sha256 per file and one digest for a whole example version."""

import hashlib
from collections.abc import Mapping


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_manifest(files: Mapping[str, bytes]) -> dict[str, str]:
    """Map each relative path to the sha256 of its content, sorted by path."""
    return {path: file_sha256(files[path]) for path in sorted(files)}


def manifest_digest(manifest: Mapping[str, str]) -> str:
    """One digest for a set of files: equal exactly when paths and contents are equal."""
    hasher = hashlib.sha256()
    for path in sorted(manifest):
        # NUL and newline cannot occur in a checked path, so entries cannot run together.
        hasher.update(f"{path}\0{manifest[path]}\n".encode())
    return f"sha256:{hasher.hexdigest()}"
