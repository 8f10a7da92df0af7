"""A version's files as the library stores them, and as a deploy writes them.

The deployed form differs only in meta.yaml, annotated with the content path and where the
dependencies are deployed. Deploys, merges (the base is the version as it was deployed) and
diffs all need that form, and all need the stored files to still match the index digest.
"""

from exlib_assets.core.app import App
from exlib_assets.core.deployments.meta_annotation import annotate_meta
from exlib_assets.core.deployments.tracking import DependencyLink, Tracking
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.manifest import build_manifest, file_sha256, manifest_digest
from exlib_assets.core.storage import META_FILE


class LibraryFiles:
    """Each version's files, read from storage once however often they are asked for."""

    def __init__(self, app: App):
        self._app = app
        self._read: dict[tuple[str, str], dict[str, bytes]] = {}

    def get(self, identifier: str, version: str, digest: str) -> dict[str, bytes]:
        key = (identifier, version)
        if key not in self._read:
            files = self._app.storage.read_version(*key)
            if manifest_digest(build_manifest(files)) != digest:
                raise ExlibError(
                    f"{identifier}@{version} in storage no longer matches its index digest; "
                    "storage was changed by hand: restore it, or re-import the example under a new version."
                )
            self._read[key] = files
        return self._read[key]

    def as_deployed(
        self, identifier: str, version: str, digest: str, content_path: str, dependencies: list[DependencyLink]
    ) -> dict[str, bytes]:
        """The files a deploy of this version at `content_path` writes."""
        files = self.get(identifier, version, digest)
        links = {link.identifier: link.deployed_path for link in dependencies}
        return dict(files) | {META_FILE: annotate_meta(files[META_FILE], content_path, links)}

    def as_tracked(self, tracking: Tracking) -> dict[str, bytes]:
        """The folder exactly as `tracking` says it was deployed: the base of a merge."""
        deployed = self.as_deployed(
            tracking.example_id, tracking.example_version, tracking.digest, tracking.content_path, tracking.dependencies
        )
        stored_meta = self.get(tracking.example_id, tracking.example_version, tracking.digest)[META_FILE]
        if tracking.files.get(META_FILE) == file_sha256(stored_meta):
            # A folder adopted in place (`exlib migrate adopt`) kept the meta.yaml its author wrote:
            # it was never annotated, so the annotated form would be a change nobody made.
            deployed[META_FILE] = stored_meta
        return deployed
