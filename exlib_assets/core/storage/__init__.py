"""Example storage: one interface, a local folder or an S3 bucket behind it."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.storage.base import META_FILE, ExampleStorage, StoredVersion
from exlib_assets.core.storage.local import LocalFolderStorage

if TYPE_CHECKING:
    from exlib_assets.core.storage.s3 import S3Storage

__all__ = ["META_FILE", "ExampleStorage", "LocalFolderStorage", "S3Storage", "StoredVersion", "open_storage"]


def __getattr__(name: str):
    # botocore is imported by the S3 storage only, so that the embedded default never pays for it.
    if name == "S3Storage":
        from exlib_assets.core.storage.s3 import S3Storage

        return S3Storage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_storage(url: str, library: str, *, s3_client: Callable[[], Any] | None = None) -> ExampleStorage:
    """Open the storage named by `url`: a folder path (or file:// URL), or s3://bucket[/prefix].

    `s3_client` makes the boto3 client; the Dagster layer passes its `s3` resource's client.
    """
    if url.startswith("s3://"):
        from exlib_assets.core.storage.s3 import S3Storage, client_config

        bucket, _, prefix = url[len("s3://") :].partition("/")
        if not bucket:
            raise ExlibError(f"storage URL {url!r} names no bucket; use s3://BUCKET or s3://BUCKET/PREFIX.")
        if s3_client is None:
            import boto3  # only production storage needs it at call time

            client = boto3.client("s3", config=client_config())  # endpoint and credentials from AWS_* variables
        else:
            client = s3_client()
        return S3Storage(client, bucket, library, prefix)
    if "://" in url and not url.startswith("file://"):
        raise ExlibError(f"storage URL {url!r} is not understood; use a folder path or s3://BUCKET/PREFIX.")
    return LocalFolderStorage(Path(url.removeprefix("file://")), library)
