"""Everything exlib can write, captured so that a test can prove a refused input wrote none of it.

A snapshot holds every object in example storage (key and sha256), every row of every table of
the application database, and every ref of every course repository on a local git host. Two
snapshots compare to a list of readable differences; an empty list means nothing was written.

    before = take_snapshot(app)
    ...  # the refused operation
    assert take_snapshot(app).differences(before) == []

Folders outside exlib (stand-ins for "anywhere on the machine") can be watched as well.
"""

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from exlib_assets.core.app import App
from exlib_assets.core.db.models import Base
from exlib_assets.core.githost import LocalGitHost
from exlib_assets.core.storage import LocalFolderStorage, S3Storage
from exlib_assets_tests.repositories import git

# What a deploy records about a path it refused: the deployment's status (failed or conflict,
# with the reason) and a history row. The design keeps that record on purpose, so these tables
# may change when a deploy refuses a path; every other table may not.
DEPLOYMENT_RECORD_TABLES = ("deployments", "deployment_history")


@dataclass(frozen=True)
class Snapshot:
    storage: dict[str, str]  # object key -> sha256 of its bytes
    tables: dict[str, list[tuple[str, ...]]]  # table -> its rows, each value as text, sorted
    columns: dict[str, tuple[str, ...]]  # table -> its column names, in the rows' order
    refs: dict[str, dict[str, str]]  # repository -> {ref name: object id}
    folders: dict[str, dict[str, str]]  # watched folder -> {relative path: sha256 or link target}

    def differences(self, earlier: "Snapshot", *, allowed_tables: Iterable[str] = ()) -> list[str]:
        """What changed since `earlier`, one line per storage object, table, ref or watched file."""
        allowed = set(allowed_tables)
        found = _mapping_changes("storage object", earlier.storage, self.storage)
        for table in sorted(set(earlier.tables) | set(self.tables)):
            before, after = earlier.tables.get(table, []), self.tables.get(table, [])
            if table not in allowed and before != after:
                added = len(set(after) - set(before))
                removed = len(set(before) - set(after))
                found.append(f"table {table}: {len(before)} -> {len(after)} rows (+{added} -{removed} differ)")
        for repository in sorted(set(earlier.refs) | set(self.refs)):
            found += _mapping_changes(
                f"ref of {repository}", earlier.refs.get(repository, {}), self.refs.get(repository, {})
            )
        for folder in sorted(set(earlier.folders) | set(self.folders)):
            found += _mapping_changes(
                f"file in {folder}", earlier.folders.get(folder, {}), self.folders.get(folder, {})
            )
        return found

    def new_rows(self, earlier: "Snapshot", table: str) -> list[dict[str, str]]:
        """Rows of `table` that are new or changed since `earlier`, by column name."""
        rows = sorted(set(self.tables.get(table, [])) - set(earlier.tables.get(table, [])))
        return [dict(zip(self.columns[table], row, strict=True)) for row in rows]


def take_snapshot(app: App, *, watch: Iterable[Path] = ()) -> Snapshot:
    return Snapshot(
        storage=storage_objects(app),
        tables=table_rows(app),
        columns={table.name: tuple(column.name for column in table.columns) for table in Base.metadata.sorted_tables},
        refs=repository_refs(app),
        folders={str(folder): folder_files(folder) for folder in watch},
    )


def storage_objects(app: App) -> dict[str, str]:
    """Every object under the storage root (or S3 prefix), not only complete versions: a
    half-written version or a staging leftover counts as written."""
    storage = app.storage
    if isinstance(storage, LocalFolderStorage):
        return folder_files(storage.root)
    if isinstance(storage, S3Storage):
        objects = {}
        pages = storage.client.get_paginator("list_objects_v2").paginate(Bucket=storage.bucket, Prefix=storage.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                # The ETag of a single-part upload is the MD5 of its bytes: a change shows without a download.
                objects[item["Key"]] = f"{item['ETag']} {item['Size']}"
        return objects
    raise TypeError(f"no snapshot for storage {storage!r}")


def table_rows(app: App) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table the application defines, so a changed value shows, not only a count."""
    rows = {}
    with app.db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            result = connection.execute(sa.select(table))
            rows[table.name] = sorted(tuple(str(value) for value in row) for row in result)
    return rows


def repository_refs(app: App) -> dict[str, dict[str, str]]:
    """Every ref (branches, tags, proposal branches) and HEAD of every repository on the host."""
    host = app.git_host
    if not isinstance(host, LocalGitHost):
        raise TypeError(f"no snapshot for git host {host!r}")
    if not host.root.is_dir():
        return {}
    refs = {}
    for repository in sorted(host.root.glob("*.git")):
        listing = git("for-each-ref", "--format=%(refname) %(objectname)", cwd=repository)
        refs[repository.name] = dict(line.split(" ", 1) for line in listing.splitlines())
        refs[repository.name]["HEAD"] = git("symbolic-ref", "HEAD", cwd=repository).strip()
    return refs


def folder_files(folder: Path) -> dict[str, str]:
    """sha256 of every file below `folder`; symlinks by their target, never followed."""
    found: dict[str, str] = {}
    if not folder.is_dir():
        return found
    for directory, subfolders, files in os.walk(folder):
        for name in subfolders + files:
            path = Path(directory) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relative] = f"symlink to {os.readlink(path)}"
            elif path.is_file():
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif not path.is_dir():
                found[relative] = "special file"
    return found


def _mapping_changes(what: str, before: dict[str, str], after: dict[str, str]) -> list[str]:
    changes = [f"{what} added: {key}" for key in sorted(after.keys() - before.keys())]
    changes += [f"{what} removed: {key}" for key in sorted(before.keys() - after.keys())]
    changes += [f"{what} changed: {key}" for key in sorted(before.keys() & after.keys()) if before[key] != after[key]]
    return changes
