"""Example storage in an S3 bucket (AWS, MinIO or any S3-compatible endpoint)."""

from collections.abc import Mapping
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from exlib_assets.core.errors import NotFoundError, StorageError, VersionConflictError
from exlib_assets.core.manifest import build_manifest, manifest_digest
from exlib_assets.core.storage.base import META_FILE, ExampleStorage, StoredVersion
from exlib_assets.core.storage.keys import library_prefix, version_prefix

# Transient failures (5xx, throttling, a dropped or stalled connection) are retried with
# backoff; a stalled endpoint fails in seconds rather than botocore's default minute per try.
MAX_ATTEMPTS = 4  # in all, the first try included
CONNECT_TIMEOUT_S = 5
READ_TIMEOUT_S = 20


def client_config() -> Config:
    """The retries and timeouts of the S3 client exlib makes itself."""
    return Config(
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        connect_timeout=CONNECT_TIMEOUT_S,
        read_timeout=READ_TIMEOUT_S,
    )


class S3Storage(ExampleStorage):
    def __init__(self, client: Any, bucket: str, library: str, prefix: str = ""):
        self.client = client
        self.bucket = bucket
        self.library = library
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _version_prefix(self, identifier: str, version: str) -> str:
        return self.prefix + version_prefix(self.library, identifier, version)

    def has_version(self, identifier: str, version: str) -> bool:
        key = self._version_prefix(identifier, version) + META_FILE
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _status(error) == 404:
                return False
            raise self._failure(f"check {identifier}@{version}", error) from error
        except BotoCoreError as error:
            raise self._failure(f"check {identifier}@{version}", error) from error
        return True

    def read_version(self, identifier: str, version: str) -> dict[str, bytes]:
        prefix = self._version_prefix(identifier, version)
        try:
            keys = [obj["Key"] for obj in self._list(prefix)]
            if prefix + META_FILE not in keys:
                raise NotFoundError(f"{identifier}@{version} is not in storage ({self.describe()}).")
            return {
                key[len(prefix) :]: self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read() for key in keys
            }
        except (ClientError, BotoCoreError) as error:
            raise self._failure(f"read {identifier}@{version}", error) from error

    def write_version(self, identifier: str, version: str, files: Mapping[str, bytes]) -> None:
        prefix = self._version_prefix(identifier, version)
        key = f"{identifier}@{version}"
        digest = manifest_digest(build_manifest(files))
        try:
            leftovers = [obj["Key"] for obj in self._list(prefix)]
            if prefix + META_FILE in leftovers:
                self._require_same_content(identifier, version, files)
                return
            if leftovers and not self._is_part_of(prefix, leftovers, files):
                claimed = self._claimed_for(prefix)
                if claimed is not None and claimed != digest:
                    raise self._claimed_conflict(prefix, key, claimed)
                raise VersionConflictError(
                    f"s3://{self.bucket}/{prefix} holds a partial copy of {key} (no meta.yaml) with other content; "
                    "finish copying it or remove it, then try again."
                )
            # Data files cannot be written conditionally as a set, so a writer first claims the
            # version for its content. Another writer of other content fails here, before it has
            # written anything; one of the same content may go on, its files are the same bytes.
            self._claim(prefix, key, digest)
            for relpath in sorted(files):
                if relpath != META_FILE and prefix + relpath not in leftovers:
                    self.client.put_object(Bucket=self.bucket, Key=prefix + relpath, Body=files[relpath])
            # meta.yaml goes last and only if absent: it is what makes the version visible,
            # and the condition stops two writers from both believing they stored it.
            self.client.put_object(Bucket=self.bucket, Key=prefix + META_FILE, Body=files[META_FILE], IfNoneMatch="*")
        except ClientError as error:
            if _status(error) in (409, 412):
                self._require_same_content(identifier, version, files)
                return
            raise self._failure(f"store {identifier}@{version}", error) from error
        except BotoCoreError as error:
            raise self._failure(f"store {identifier}@{version}", error) from error

    def delete_version(self, identifier: str, version: str) -> None:
        prefix = self._version_prefix(identifier, version)
        try:
            keys = [obj["Key"] for obj in self._list(prefix)]
            for key in sorted(keys, key=lambda key: key != prefix + META_FILE):
                self.client.delete_object(Bucket=self.bucket, Key=key)
            self.client.delete_object(Bucket=self.bucket, Key=self._claim_key(prefix))
        except (ClientError, BotoCoreError) as error:
            raise self._failure(f"delete {identifier}@{version}", error) from error

    def _claim(self, prefix: str, key: str, digest: str) -> None:
        """Claim the version at `prefix` for content `digest` (a conditional write: the first claim
        stays); VersionConflictError if it is claimed for other content."""
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self._claim_key(prefix), Body=digest.encode(), IfNoneMatch="*"
            )
            return
        except ClientError as error:
            if _status(error) not in (409, 412):
                raise
        claimed = self._claimed_for(prefix)
        if claimed is not None and claimed != digest:
            raise self._claimed_conflict(prefix, key, claimed)
        # The same content: an interrupted write of it, or another import of it right now.

    def _claimed_for(self, prefix: str) -> str | None:
        """The digest the version at `prefix` is claimed for, or None when nobody claimed it."""
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._claim_key(prefix))["Body"].read()
        except ClientError as error:
            if _status(error) == 404:
                return None
            raise
        return body.decode(errors="replace").strip()

    def _claimed_conflict(self, prefix: str, key: str, claimed: str) -> VersionConflictError:
        return VersionConflictError(
            f"{key} is being stored by another import with other content ({claimed}), or such an import "
            "stopped half-way; a stored version is never overwritten: bump the version in meta.yaml. (If no "
            f"import is running and the version never completed, remove s3://{self.bucket}/{prefix} and "
            f"s3://{self.bucket}/{self._claim_key(prefix)} to store it again.)"
        )

    def _claim_key(self, prefix: str) -> str:
        # Outside `repositories/`, so neither listing nor reading a version ever sees it.
        return f"{self.prefix}claims/{prefix[len(self.prefix) :].rstrip('/')}"

    def _require_same_content(self, identifier: str, version: str, files: Mapping[str, bytes]) -> None:
        """Return when the stored version holds exactly `files` (another import of the same content
        finished first); VersionConflictError otherwise."""
        if self.read_version(identifier, version) == dict(files):
            return
        raise VersionConflictError(
            f"{identifier}@{version} is already stored in {self.describe()}; "
            "a stored version is never overwritten: bump the version in meta.yaml."
        )

    def _is_part_of(self, prefix: str, keys: list[str], files: Mapping[str, bytes]) -> bool:
        """True when every object under `prefix` is one of `files`, byte for byte: an interrupted
        write of this same version, safe to complete. Anything else is someone else's copy."""
        for key in keys:
            relpath = key[len(prefix) :]
            if relpath not in files:
                return False
            if self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read() != files[relpath]:
                return False
        return True

    def list_versions(self, *, changed_since: float | None = None) -> list[StoredVersion]:
        # S3 cannot list by time, so every key is listed; `changed_since` only trims the answer.
        root = self.prefix + library_prefix(self.library)
        seen: dict[tuple[str, str], StoredVersion] = {}
        try:
            for obj in self._list(root):
                parts = obj["Key"][len(root) :].split("/", 2)
                if len(parts) < 3:
                    continue
                identifier, version, relpath = parts
                modified = obj["LastModified"].timestamp()
                previous = seen.get((identifier, version))
                seen[(identifier, version)] = StoredVersion(
                    identifier=identifier,
                    version=version,
                    modified=max(modified, previous.modified) if previous else modified,
                    complete=relpath == META_FILE or bool(previous and previous.complete),
                )
        except (ClientError, BotoCoreError) as error:
            raise self._failure("list the library", error) from error
        versions = list(seen.values())
        if changed_since is None:
            return versions
        return [v for v in versions if v.modified >= changed_since]

    def _list(self, prefix: str, max_keys: int | None = None):
        paginator = self.client.get_paginator("list_objects_v2")
        config = {"PageSize": max_keys, "MaxItems": max_keys} if max_keys else {}
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix, PaginationConfig=config):
            yield from page.get("Contents", [])

    def _failure(self, action: str, error: Exception) -> StorageError:
        return StorageError(
            f"could not {action} in {self.describe()}: {_reason(error)}. "
            "Check that the S3 endpoint is reachable and the bucket and credentials are right."
        )


def _status(error: ClientError) -> int | None:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def _reason(error: Exception) -> str:
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"{details.get('Code', 'error')} ({details.get('Message', '').strip() or 'no message'})"
    return type(error).__name__
