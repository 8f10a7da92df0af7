"""A fresh embedded default for one benchmark run: EXLIB_HOME and DAGSTER_HOME in a temporary
folder (SQLite, local folder storage, local bare git), the Dagster instance on the project's
dagster.yaml, and the resources the definitions use, pointed at it."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from exlib_assets.core.app import App, open_app
from exlib_assets.core.db.engine import upgrade
from exlib_assets.core.settings import Settings
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.runs.instance import open_instance

LIBRARY = "bench"


@dataclass
class BenchHome:
    root: Path
    settings: Settings
    app: App
    instance: dg.DagsterInstance

    def resources(self) -> dict:
        """The definitions' resources on this home."""
        return exlib_resources(self.settings)

    def environment(self) -> dict[str, str]:
        """Environment variables that point a child process (webserver, memory probe) here."""
        return {
            **os.environ,
            "EXLIB_HOME": str(self.settings.home),
            "EXLIB_LIBRARY": LIBRARY,
            "DAGSTER_HOME": os.environ["DAGSTER_HOME"],
        }

    def open_separate_app(self, name: str) -> App:
        """An exlib home of its own (database, storage, git) beside this one, for a workload whose
        figures must not include the other workloads' courses; close it when done."""
        settings = Settings.from_env({"EXLIB_HOME": str(self.root / name), "EXLIB_LIBRARY": LIBRARY})
        settings.home.mkdir(parents=True)
        upgrade(settings.database_url)
        return open_app(settings)

    def scratch(self, name: str) -> Path:
        """A new empty folder for a workload's own files (example folders, clones)."""
        folder = self.root / "scratch" / name
        folder.mkdir(parents=True)
        return folder


def exlib_resources(settings: Settings) -> dict:
    """The definitions' resources, pointed at `settings`."""
    return {"exlib": ExlibResource.for_settings(settings)}


@contextmanager
def bench_home(root: Path) -> Iterator[BenchHome]:
    # Every EXLIB_ variable is replaced: a developer's own settings must not leak into the figures.
    for name in [name for name in os.environ if name.startswith("EXLIB_")]:
        del os.environ[name]
    os.environ["EXLIB_HOME"] = str(root / "home")
    os.environ["EXLIB_LIBRARY"] = LIBRARY
    os.environ["DAGSTER_HOME"] = str(root / "dagster")
    settings = Settings.from_env()
    settings.home.mkdir(parents=True)
    upgrade(settings.database_url)
    with open_app(settings) as app, open_instance(settings) as instance:
        yield BenchHome(root=root, settings=settings, app=app, instance=instance)
