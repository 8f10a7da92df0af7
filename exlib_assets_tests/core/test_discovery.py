"""Discovering versions that appear in storage, incrementally, on both backends."""

import os
import time
from pathlib import Path

import pytest

from exlib_assets.core.discovery import WATERMARK_MARGIN_SECONDS, DiscoveryCursor, discover_versions
from exlib_assets.core.keys import parse_example_version_key
from exlib_assets.core.storage import LocalFolderStorage
from exlib_assets.core.storage.base import ExampleStorage
from exlib_assets.core.storage.keys import library_prefix, version_prefix
from exlib_assets_tests.storage_helpers import put_raw

HOUR = 3600.0


def meta(identifier: str, version: str) -> bytes:
    return f"identifier: {identifier}\nversion: '{version}'\n".encode()


def store(storage: ExampleStorage, identifier: str, version: str) -> str:
    storage.write_version(identifier, version, {"meta.yaml": meta(identifier, version), "a.py": b"a"})
    return f"{identifier}@{version}"


def age_local_folders(storage: LocalFolderStorage, seconds: float = HOUR) -> None:
    """Set every folder's mtime under the library into the past, as if nothing changed lately."""
    past = time.time() - seconds
    library_dir = storage.root / library_prefix(storage.library)
    for folder, _, _ in os.walk(library_dir):
        os.utime(folder, (past, past))


def test_first_call_finds_every_complete_version(storage: ExampleStorage):
    stored = {store(storage, "x", "1.0"), store(storage, "x", "1.1"), store(storage, "y.z", "v2")}

    discovery = discover_versions(storage, set(), DiscoveryCursor())

    assert discovery.new_keys == sorted(stored)
    assert discovery.cursor.incomplete == ()
    assert discovery.refused == []
    assert discovery.listed == 3
    assert discovery.cursor.watermark is not None and discovery.cursor.watermark > time.time() - HOUR


def test_empty_storage_finds_nothing(storage: ExampleStorage):
    discovery = discover_versions(storage, set(), DiscoveryCursor())

    assert (discovery.new_keys, discovery.listed, discovery.cursor) == ([], 0, DiscoveryCursor())


def test_second_call_with_known_keys_finds_nothing_new_then_exactly_the_next_version(storage: ExampleStorage):
    store(storage, "x", "1.0")
    store(storage, "y", "1.0")
    first = discover_versions(storage, set(), DiscoveryCursor())
    known = set(first.new_keys)

    second = discover_versions(storage, known, first.cursor)
    assert second.new_keys == []
    assert second.cursor.watermark >= first.cursor.watermark

    added = store(storage, "x", "1.1")
    third = discover_versions(storage, known, second.cursor)
    assert third.new_keys == [added]


def test_known_keys_are_not_reported_again_even_without_a_cursor(storage: ExampleStorage):
    keys = [store(storage, "x", "1.0"), store(storage, "x", "2.0")]

    discovery = discover_versions(storage, {keys[0]}, DiscoveryCursor())

    assert discovery.new_keys == [keys[1]]


def test_incomplete_version_is_kept_in_the_cursor_until_meta_yaml_appears(
    storage: ExampleStorage, request: pytest.FixtureRequest
):
    store(storage, "x", "1.0")
    put_raw(storage, request, version_prefix(storage.library, "x", "2.0") + "a.py", b"half copied")

    first = discover_versions(storage, set(), DiscoveryCursor())
    assert first.new_keys == ["x@1.0"]
    assert first.cursor.incomplete == ("x@2.0",)

    still = discover_versions(storage, {"x@1.0"}, first.cursor)
    assert still.new_keys == []
    assert still.cursor.incomplete == ("x@2.0",)

    put_raw(storage, request, version_prefix(storage.library, "x", "2.0") + "meta.yaml", meta("x", "2.0"))

    done = discover_versions(storage, {"x@1.0"}, still.cursor)
    assert done.new_keys == ["x@2.0"]
    assert done.cursor.incomplete == ()


def test_incomplete_version_that_vanished_is_not_reported(tmp_path: Path):
    storage = LocalFolderStorage(tmp_path / "storage", "lib")
    version_dir = storage.root / version_prefix("lib", "x", "1.0")
    version_dir.mkdir(parents=True)
    (version_dir / "a.py").write_bytes(b"a")
    first = discover_versions(storage, set(), DiscoveryCursor())
    assert first.cursor.incomplete == ("x@1.0",)

    (version_dir / "a.py").unlink()
    version_dir.rmdir()
    later = discover_versions(storage, set(), first.cursor)

    assert later.new_keys == []


@pytest.mark.parametrize("version", ["1,0", "1|0", "a...b"])
def test_folder_names_that_cannot_be_partition_keys_are_refused(
    storage: ExampleStorage, request: pytest.FixtureRequest, version: str
):
    store(storage, "x", "1.0")
    # Written by hand: storage's own key rule would not let exlib write such a folder.
    put_raw(storage, request, f"{library_prefix(storage.library)}x/{version}/meta.yaml", meta("x", "1.0"))

    discovery = discover_versions(storage, set(), DiscoveryCursor())

    assert discovery.new_keys == ["x@1.0"]
    assert discovery.refused == [f"x/{version}"]
    assert discovery.cursor.incomplete == ()


def test_folder_name_with_an_at_sign_is_refused(storage: ExampleStorage, request: pytest.FixtureRequest):
    put_raw(storage, request, f"{library_prefix(storage.library)}x/v1@beta/meta.yaml", meta("x", "1.0"))

    discovery = discover_versions(storage, set(), DiscoveryCursor())

    for key in discovery.new_keys:
        parse_example_version_key(key)
    assert discovery.refused == ["x/v1@beta"]


def test_incomplete_folder_with_a_name_storage_cannot_key_does_not_break_later_calls(tmp_path: Path):
    storage = LocalFolderStorage(tmp_path / "storage", "lib")
    store(storage, "x", "1.0")
    draft = storage.root / library_prefix("lib") / "x" / "_draft"
    draft.mkdir()
    (draft / "notes.txt").write_bytes(b"work in progress")
    first = discover_versions(storage, set(), DiscoveryCursor())
    age_local_folders(storage)

    later = discover_versions(storage, set(first.new_keys), first.cursor)

    assert later.new_keys == []
    assert "x/_draft" in first.refused + later.refused


def test_cursor_round_trips_through_json(storage: ExampleStorage, request: pytest.FixtureRequest):
    store(storage, "x", "1.0")
    put_raw(storage, request, version_prefix(storage.library, "x", "2.0") + "a.py", b"half")
    cursor = discover_versions(storage, set(), DiscoveryCursor()).cursor
    assert cursor.incomplete == ("x@2.0",)

    text = cursor.to_json()

    assert DiscoveryCursor.from_json(text) == cursor
    assert DiscoveryCursor.from_json(None) == DiscoveryCursor()
    assert DiscoveryCursor.from_json("") == DiscoveryCursor()
    assert DiscoveryCursor.from_json(DiscoveryCursor().to_json()) == DiscoveryCursor()
    # A restored cursor carries on exactly like the original.
    assert discover_versions(storage, {"x@1.0"}, DiscoveryCursor.from_json(text)).cursor.incomplete == ("x@2.0",)


def test_local_discovery_reports_only_what_changed_since_the_watermark(tmp_path: Path):
    storage = LocalFolderStorage(tmp_path / "storage", "lib")
    stored = {store(storage, f"ex{i // 5}", f"1.{i % 5}") for i in range(50)}
    first = discover_versions(storage, set(), DiscoveryCursor())
    assert set(first.new_keys) == stored and first.listed == 50

    time.sleep(0.01)
    # A watermark past every change so far: nothing stored before it is reported again.
    cursor = DiscoveryCursor(watermark=time.time() + WATERMARK_MARGIN_SECONDS)
    time.sleep(0.01)
    quiet = discover_versions(storage, stored, cursor)

    assert quiet.listed == 0
    assert quiet.new_keys == []

    added = store(storage, "ex3", "2.0")
    after = discover_versions(storage, stored, quiet.cursor)
    assert after.new_keys == [added]
    # Only the changed identifier's versions are reported: its five old ones and the new one.
    assert after.listed == 6


def test_local_identifier_copied_in_with_old_times_is_discovered(tmp_path: Path):
    storage = LocalFolderStorage(tmp_path / "storage", "lib")
    store(storage, "x", "1.0")
    cursor = discover_versions(storage, set(), DiscoveryCursor()).cursor
    elsewhere = LocalFolderStorage(tmp_path / "checkout", "lib")
    store(elsewhere, "copied", "1.0")
    age_local_folders(elsewhere)
    os.rename(elsewhere.root / library_prefix("lib") / "copied", storage.root / library_prefix("lib") / "copied")

    discovery = discover_versions(storage, {"x@1.0"}, cursor)

    assert discovery.new_keys == ["copied@1.0"]
