"""Example storage on both backends: a local folder and S3 (moto over HTTP)."""

import os
import socket
import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from exlib_assets.core.errors import ExlibError, NotFoundError, StorageError, VersionConflictError
from exlib_assets.core.storage import LocalFolderStorage, S3Storage, open_storage
from exlib_assets.core.storage.base import ExampleStorage
from exlib_assets.core.storage.keys import version_prefix
from exlib_assets_tests.services.s3 import SECRET_ACCESS_KEY
from exlib_assets_tests.storage_helpers import put_raw


def meta(identifier: str = "x", version: str = "1.0") -> bytes:
    return f"identifier: {identifier}\nversion: '{version}'\n".encode()


def put_version_file(
    storage: ExampleStorage, request: pytest.FixtureRequest, identifier: str, version: str, relpath: str, data: bytes
) -> None:
    put_raw(storage, request, version_prefix(storage.library, identifier, version) + relpath, data)


def keys(versions) -> dict[str, bool]:
    return {v.key: v.complete for v in versions}


# --- write and read --------------------------------------------------------------------------


def test_roundtrip_keeps_bytes_and_nested_paths(storage: ExampleStorage):
    files = {
        "meta.yaml": meta(),
        "solution.py": "print('héllo')\n".encode(),
        "data/blob.bin": bytes(range(256)) * 4,
        "content/mediaFiles/deep/er/pic.svg": b"<svg/>",
        "empty.txt": b"",
    }

    storage.write_version("x", "1.0", files)

    assert storage.read_version("x", "1.0") == files


def test_has_version_only_after_write(storage: ExampleStorage):
    assert storage.has_version("x", "1.0") is False

    storage.write_version("x", "1.0", {"meta.yaml": meta(), "a.py": b"a"})

    assert storage.has_version("x", "1.0") is True
    assert storage.has_version("x", "1.1") is False
    assert storage.has_version("y", "1.0") is False


def test_writing_the_same_version_again_is_refused_and_keeps_the_first(storage: ExampleStorage):
    first = {"meta.yaml": meta(), "a.py": b"first"}
    storage.write_version("x", "1.0", first)

    with pytest.raises(VersionConflictError, match=r"x@1\.0 is already stored.*bump the version"):
        storage.write_version("x", "1.0", {"meta.yaml": meta(), "a.py": b"second", "b.py": b"new"})

    assert storage.read_version("x", "1.0") == first


def test_a_version_prefix_never_matches_a_longer_version(storage: ExampleStorage):
    contents = {
        "v1": {"meta.yaml": meta(version="v1"), "only_v1.py": b"1"},
        "v10": {"meta.yaml": meta(version="v10"), "only_v10.py": b"10"},
        "1.0": {"meta.yaml": meta(version="1.0"), "only_1.0.py": b"1.0"},
        "1.0.1": {"meta.yaml": meta(version="1.0.1"), "only_1.0.1.py": b"1.0.1"},
    }
    # The shorter tag is written second, so a prefix check on write would see the longer one.
    for version in ("v10", "v1", "1.0.1", "1.0"):
        storage.write_version("x", version, contents[version])

    for version, files in contents.items():
        assert storage.read_version("x", version) == files
    assert keys(storage.list_versions()) == {"x@v1": True, "x@v10": True, "x@1.0": True, "x@1.0.1": True}


def test_identifier_prefix_never_matches_a_longer_identifier(storage: ExampleStorage):
    storage.write_version("ab", "1.0", {"meta.yaml": meta("ab"), "ab.py": b"ab"})

    assert storage.has_version("a", "1.0") is False
    with pytest.raises(NotFoundError):
        storage.read_version("a", "1.0")
    storage.write_version("a", "1.0", {"meta.yaml": meta("a"), "a.py": b"a"})
    assert set(storage.read_version("a", "1.0")) == {"meta.yaml", "a.py"}


def test_read_of_an_unknown_version_is_not_found(storage: ExampleStorage):
    storage.write_version("x", "1.0", {"meta.yaml": meta(), "a.py": b"a"})

    with pytest.raises(NotFoundError, match=r"x@2\.0 is not in storage"):
        storage.read_version("x", "2.0")
    with pytest.raises(NotFoundError, match=r"nope@1\.0 is not in storage"):
        storage.read_version("nope", "1.0")


def test_read_of_a_version_without_meta_yaml_is_not_found(storage: ExampleStorage, request: pytest.FixtureRequest):
    put_version_file(storage, request, "x", "1.0", "a.py", b"a")

    assert storage.has_version("x", "1.0") is False
    with pytest.raises(NotFoundError):
        storage.read_version("x", "1.0")


def test_writing_over_a_partial_local_copy_is_refused_and_says_what_to_do(tmp_path: Path):
    storage = LocalFolderStorage(tmp_path / "storage", "lib")
    partial = storage.root / version_prefix("lib", "x", "1.0")
    partial.mkdir(parents=True)
    (partial / "a.py").write_bytes(b"copied by hand")

    with pytest.raises(VersionConflictError) as caught:
        storage.write_version("x", "1.0", {"meta.yaml": meta(), "a.py": b"mine"})

    assert f"{partial} holds a partial copy of x@1.0 (no meta.yaml)" in str(caught.value)
    assert "finish copying it or remove the folder" in str(caught.value)
    assert [p.name for p in partial.iterdir()] == ["a.py"]
    assert (partial / "a.py").read_bytes() == b"copied by hand"


def test_writing_over_a_partial_copy_leaves_it_alone(
    storage: ExampleStorage, request: pytest.FixtureRequest, backend: str
):
    put_version_file(storage, request, "x", "1.0", "a.py", b"copied by hand")
    put_version_file(storage, request, "x", "1.0", "other.py", b"copied by hand too")

    with pytest.raises(VersionConflictError):
        storage.write_version("x", "1.0", {"meta.yaml": meta(), "a.py": b"mine"})

    assert keys(storage.list_versions()) == {"x@1.0": False}
    put_version_file(storage, request, "x", "1.0", "meta.yaml", meta())
    assert storage.read_version("x", "1.0") == {
        "meta.yaml": meta(),
        "a.py": b"copied by hand",
        "other.py": b"copied by hand too",
    }


# --- listing -----------------------------------------------------------------------------------


def test_list_versions_of_an_empty_library_is_empty(storage: ExampleStorage):
    assert storage.list_versions() == []


def test_list_versions_lists_complete_versions(storage: ExampleStorage):
    storage.write_version("x", "1.0", {"meta.yaml": meta(), "a.py": b"a"})
    storage.write_version("x", "1.1", {"meta.yaml": meta(version="1.1"), "sub/a.py": b"a"})
    storage.write_version("y.z", "2.0.0", {"meta.yaml": meta("y.z", "2.0.0")})

    listed = storage.list_versions()

    assert sorted(v.key for v in listed) == ["x@1.0", "x@1.1", "y.z@2.0.0"]
    assert all(v.complete for v in listed)
    assert all(v.modified > time.time() - 3600 for v in listed)


def test_a_version_without_meta_yaml_is_listed_incomplete(storage: ExampleStorage, request: pytest.FixtureRequest):
    storage.write_version("x", "1.0", {"meta.yaml": meta(), "a.py": b"a"})
    put_version_file(storage, request, "x", "2.0", "a.py", b"half copied")

    assert keys(storage.list_versions()) == {"x@1.0": True, "x@2.0": False}

    put_version_file(storage, request, "x", "2.0", "meta.yaml", meta(version="2.0"))

    assert keys(storage.list_versions()) == {"x@1.0": True, "x@2.0": True}


def test_local_empty_version_folder_is_listed_incomplete(tmp_path: Path):
    storage = LocalFolderStorage(tmp_path / "storage", "lib")
    (storage.root / version_prefix("lib", "x", "1.0")).mkdir(parents=True)

    assert keys(storage.list_versions()) == {"x@1.0": False}
    assert storage.has_version("x", "1.0") is False


@pytest.mark.s3
def test_s3_listing_ignores_objects_that_are_not_in_a_version_folder(s3_bucket):
    storage = S3Storage(s3_bucket.client, s3_bucket.name, "lib", "exlib")
    client = s3_bucket.client
    client.put_object(Bucket=storage.bucket, Key=f"{storage.prefix}repositories/{storage.library}/x", Body=b"stray")
    client.put_object(Bucket=storage.bucket, Key=f"{storage.prefix}repositories/{storage.library}/x/1.0", Body=b"stray")
    client.put_object(
        Bucket=storage.bucket, Key=f"{storage.prefix}repositories/otherlib/y/1.0/meta.yaml", Body=meta("y")
    )
    storage.write_version("x", "2.0", {"meta.yaml": meta(version="2.0")})

    assert keys(storage.list_versions()) == {"x@2.0": True}


def test_local_changed_since_skips_unchanged_identifiers(tmp_path: Path):
    storage = LocalFolderStorage(tmp_path / "storage", "lib")
    storage.write_version("old", "1.0", {"meta.yaml": meta("old")})
    storage.write_version("old", "1.1", {"meta.yaml": meta("old", "1.1")})
    time.sleep(0.01)
    since = time.time()
    time.sleep(0.01)

    assert storage.list_versions(changed_since=since) == []
    assert keys(storage.list_versions()) == {"old@1.0": True, "old@1.1": True}

    storage.write_version("old", "1.2", {"meta.yaml": meta("old", "1.2")})
    storage.write_version("new", "1.0", {"meta.yaml": meta("new")})

    changed = storage.list_versions(changed_since=since)
    # The whole changed identifier is listed; unchanged identifiers stay unopened.
    assert {"old@1.2", "new@1.0"} <= set(keys(changed))
    assert all(v.modified >= since for v in changed if v.key in ("old@1.2", "new@1.0"))


def test_changed_since_in_the_future_returns_nothing(storage: ExampleStorage):
    storage.write_version("x", "1.0", {"meta.yaml": meta()})

    assert storage.list_versions(changed_since=time.time() + 3600) == []


def test_local_changed_since_returns_a_version_that_completed_later(tmp_path: Path):
    storage = LocalFolderStorage(tmp_path / "storage", "lib")
    version_dir = storage.root / version_prefix("lib", "x", "1.0")
    version_dir.mkdir(parents=True)
    (version_dir / "a.py").write_bytes(b"a")
    past = time.time() - 3600
    os.utime(version_dir.parent, (past, past))
    since = time.time() - 60

    (version_dir / "meta.yaml").write_bytes(meta())

    assert keys(storage.list_versions(changed_since=since)) == {"x@1.0": True}


# --- bad names and URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "version", "named"),
    [
        ("a..b", "1.0", "identifier 'a..b'"),
        ("..", "1.0", "identifier '..'"),
        ("a/b", "1.0", "identifier 'a/b'"),
        ("x", "1..0", "version '1..0'"),
        ("x", "../1.0", "version '../1.0'"),
        ("x", "1/0", "version '1/0'"),
        ("x", "", "version ''"),
        ("x", ".hidden", "version '.hidden'"),
    ],
)
def test_unsafe_identifier_or_version_is_a_storage_error(
    storage: ExampleStorage, identifier: str, version: str, named: str
):
    with pytest.raises(StorageError, match="cannot be used in a storage key") as caught:
        storage.write_version(identifier, version, {"meta.yaml": meta(), "a.py": b"a"})
    assert named in str(caught.value)
    with pytest.raises(StorageError):
        storage.has_version(identifier, version)
    with pytest.raises(StorageError):
        storage.read_version(identifier, version)

    assert storage.list_versions() == []
    if isinstance(storage, LocalFolderStorage):
        # Nothing escaped the storage folder either.
        assert list(storage.root.parent.rglob("a.py")) == []
        assert list(storage.root.parent.rglob("meta.yaml")) == []


def test_unsafe_library_name_is_a_storage_error():
    with pytest.raises(StorageError, match="library '../lib'"):
        version_prefix("../lib", "x", "1.0")


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("ftp://x", "is not understood; use a folder path or s3://BUCKET/PREFIX"),
        ("http://example.org/lib", "is not understood; use a folder path or s3://BUCKET/PREFIX"),
        ("s3://", "names no bucket; use s3://BUCKET or s3://BUCKET/PREFIX"),
        ("s3:///prefix", "names no bucket"),
    ],
)
def test_open_storage_with_a_bad_url_says_what_to_use(url: str, hint: str):
    with pytest.raises(ExlibError) as caught:
        open_storage(url, "lib")

    assert repr(url) in str(caught.value)
    assert hint in str(caught.value)


def test_open_storage_understands_folders_and_s3(tmp_path: Path):
    local = open_storage(f"file://{tmp_path}/store", "lib")
    s3 = open_storage("s3://bucket/some/prefix/", "lib", s3_client=lambda: object())

    assert isinstance(local, LocalFolderStorage) and local.root == tmp_path / "store"
    assert isinstance(s3, S3Storage)
    assert (s3.bucket, s3.prefix) == ("bucket", "some/prefix/")
    assert s3.describe() == "s3://bucket/some/prefix/"


# --- S3 faults ---------------------------------------------------------------------------------


@pytest.fixture
def closed_port_url() -> str:
    """The URL of a port nothing listens on: bound, then closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


UNREACHABLE_SECRET = "unreachable-secret-key-0123456789"


def test_s3_endpoint_that_is_down_gives_a_storage_error_without_credentials(closed_port_url: str):
    client = boto3.client(
        "s3",
        endpoint_url=closed_port_url,
        aws_access_key_id="AKIAUNREACHABLE",
        aws_secret_access_key=UNREACHABLE_SECRET,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=2, read_timeout=2),
    )
    storage = S3Storage(client, "bucket", "lib", "exlib")

    calls = {
        "check": lambda: storage.has_version("x", "1.0"),
        "read": lambda: storage.read_version("x", "1.0"),
        "store": lambda: storage.write_version("x", "1.0", {"meta.yaml": meta()}),
        "list the library": lambda: storage.list_versions(),
    }
    for action, call in calls.items():
        with pytest.raises(StorageError) as caught:
            call()
        message = str(caught.value)
        assert f"could not {action}" in message
        assert "s3://bucket/exlib/" in message
        assert "Check that the S3 endpoint is reachable" in message
        assert UNREACHABLE_SECRET not in message
        assert "AKIAUNREACHABLE" not in message
        assert SECRET_ACCESS_KEY not in message


def test_s3_endpoint_from_the_environment_that_is_down_gives_a_storage_error(
    closed_port_url: str, monkeypatch: pytest.MonkeyPatch
):
    # As production configures it: endpoint and the session's dummy credentials from AWS_* variables.
    monkeypatch.setenv("AWS_ENDPOINT_URL", closed_port_url)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    assert os.environ["AWS_SECRET_ACCESS_KEY"] == SECRET_ACCESS_KEY == "testing"
    storage = open_storage("s3://bucket/exlib", "lib")

    with pytest.raises(StorageError) as caught:
        storage.list_versions()

    message = str(caught.value)
    assert "endpoint" in message
    assert "testing" not in message


@pytest.mark.s3
def test_s3_missing_bucket_gives_a_storage_error(s3_bucket):
    storage = S3Storage(s3_bucket.client, "no-such-bucket-here", "lib")

    with pytest.raises(StorageError) as caught:
        storage.write_version("x", "1.0", {"meta.yaml": meta()})

    assert "NoSuchBucket" in str(caught.value)
    assert "s3://no-such-bucket-here/" in str(caught.value)
    assert SECRET_ACCESS_KEY not in str(caught.value)


def test_an_interrupted_write_of_the_same_files_is_completed(storage: ExampleStorage, request: pytest.FixtureRequest):
    files = {"meta.yaml": meta(), "a.py": b"mine", "data/b.txt": b"data"}
    # A writer that died after some files and before meta.yaml left exactly these behind.
    put_version_file(storage, request, "x", "1.0", "a.py", b"mine")

    storage.write_version("x", "1.0", files)

    assert storage.read_version("x", "1.0") == files
