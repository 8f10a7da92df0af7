"""Verify a version of the library and keep its verdict."""

from collections.abc import Mapping

from sqlalchemy.orm import Session

from exlib_assets.core import library_index
from exlib_assets.core.app import App
from exlib_assets.core.db.models import ExampleVersion, Library
from exlib_assets.core.deployments.library_files import LibraryFiles
from exlib_assets.core.errors import DependencyError, NotFoundError
from exlib_assets.core.verification.records import save_verdict
from exlib_assets.core.verification.sandbox import Limits
from exlib_assets.core.verification.verdict import Verdict
from exlib_assets.core.verification.verify import verify_files


def verify_version(app: App, reference: str, *, limits: Limits | None = None) -> Verdict:
    """Verify `IDENTIFIER[@VERSION_OR_CONSTRAINT]` (default: latest), store and return its verdict."""
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        version = library_index.resolve_reference(session, library, reference)
        key, digest = version.partition_key, version.digest
        needed = _dependencies(session, library, version)
    files = LibraryFiles(app)
    identifier, tag = key.split("@", 1)
    dependencies = {dep_id: files.get(dep_id, dep_tag, dep_digest) for dep_id, (dep_tag, dep_digest) in needed.items()}
    verdict = verify_files(
        key, files.get(identifier, tag, digest), dependencies, commands=app.settings.verify_commands, limits=limits
    )
    verdict.digest = digest
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        stored = library_index.resolve_reference(session, library, key)
        if stored.digest == digest:
            save_verdict(session, stored, verdict)
    return verdict


def _dependencies(session: Session, library: Library, version: ExampleVersion) -> Mapping[str, tuple[str, str]]:
    """Every test dependency, transitively, as `identifier -> (tag, digest)` of the version its
    constraint resolves to now: what a deploy with dependencies would put next to it."""
    found: dict[str, tuple[str, str]] = {}
    queue = list(version.dependencies)
    while queue:
        dependency = queue.pop(0)
        if dependency.identifier in found or dependency.identifier == version.example.identifier:
            continue
        try:
            target = library_index.resolve_version(
                library_index.require_example(session, library, dependency.identifier), dependency.constraint
            )
        except NotFoundError as error:
            raise DependencyError(
                f"{version.partition_key} cannot be verified: its test dependency {dependency.identifier} "
                f"({dependency.constraint}) is not in the library ({error}); import it first."
            ) from error
        found[dependency.identifier] = (target.tag, target.digest)
        queue.extend(target.dependencies)
    return found
