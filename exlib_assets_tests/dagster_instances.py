"""Test Dagster instances copied from one made once per session.

A fresh `dg.instance_for_test()` creates its SQLite run, event log and schedule storages with all
of Dagster's own migrations: 3 to 5 s each on a busy machine. A copy of an instance that was
created (and closed) once takes a tenth of that, and behaves the same: its dagster.yaml holds no
path, so the copy's storages are its own.
"""

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg


def make_instance_template(folder: Path) -> Path:
    """Create a test instance in `folder` with every storage initialised, and close it."""
    with dg.instance_for_test(temp_dir=str(folder)) as instance:
        instance.get_runs(limit=1)
        instance.get_dynamic_partitions("any")
        instance.all_instigator_state()
    return folder


@contextmanager
def instance_copy(template: Path, folder: Path) -> Iterator[dg.DagsterInstance]:
    """A test instance in `folder` (which must not exist), copied from `template`."""
    shutil.copytree(template, folder)
    with dg.instance_for_test(temp_dir=str(folder)) as instance:
        yield instance
