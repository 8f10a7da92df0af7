"""Putting files into example storage behind exlib's back, as an admin copying files in would."""

import pytest

from exlib_assets.core.storage import LocalFolderStorage, S3Storage
from exlib_assets.core.storage.base import ExampleStorage


def put_raw(storage: ExampleStorage, request: pytest.FixtureRequest, relkey: str, data: bytes) -> None:
    """Put one file at `relkey` (below the storage root/prefix) without going through exlib."""
    if isinstance(storage, LocalFolderStorage):
        target = storage.root / relkey
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    else:
        assert isinstance(storage, S3Storage)
        request.getfixturevalue("s3_bucket").client.put_object(
            Bucket=storage.bucket, Key=storage.prefix + relkey, Body=data
        )
