"""The state every bad input meets: a library, a course and a deployment already in place.

A refused input must leave existing state alone, not only an empty installation; so each case
starts from `test.base@1.0` imported, course `prog1` created and `week1.base` deployed (one
commit). Helpers arrange what a case needs beyond that, by the ordinary core calls (the entry
point under test is the only thing run afterwards), and `outside` stands for any folder on the
machine that is not exlib's: symlinks and `..` paths point there, and it is watched too.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import pytest
from click.testing import CliRunner, Result

from exlib_assets.cli.main import cli
from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.outcomes import DeployReport
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.defs.deployments.progress import REPORTER_KEY, RunReporter
from exlib_assets.defs.resources import ExlibResource
from exlib_assets_tests.dagster_instances import instance_copy
from exlib_assets_tests.environment import point_environment_at
from exlib_assets_tests.examples import ExampleFolderFactory
from exlib_assets_tests.repositories import push_change
from exlib_assets_tests.storage_helpers import put_raw

COURSE = "prog1"
BASE = "test.base"
DEPLOYED_PATH = "week1.base"
VICTIM = "victim.txt"


@dataclass
class Scene:
    app: App
    root: Path
    request: pytest.FixtureRequest
    _resources: ExitStack = field(default_factory=ExitStack)
    _instance: dg.DagsterInstance | None = None

    @property
    def outside(self) -> Path:
        """A folder that is not exlib's, holding one file a hostile input might try to reach."""
        return self.root / "outside"

    @property
    def inputs(self) -> Path:
        return self.root / "inputs"

    @property
    def assignments(self) -> str:
        return self.app.git_host.push_url(courses.repository_names(COURSE)["assignments"])

    # -- hostile inputs on disk ------------------------------------------------------------------

    def example(self, name: str, **kwargs) -> Path:
        """A well-formed example folder (see ExampleFolderFactory) for a case to spoil."""
        return ExampleFolderFactory(self.inputs)(name, **kwargs)

    def example_with_meta(self, name: str, meta: str | bytes) -> Path:
        """An example folder whose meta.yaml is exactly `meta`."""
        folder = self.example(name)
        (folder / "meta.yaml").write_bytes(meta.encode() if isinstance(meta, str) else meta)
        return folder

    # -- state arranged through the core ---------------------------------------------------------

    def imported(self, *folders: Path) -> None:
        report = self.app.library.import_paths(folders)
        assert report.ok, report.failed

    def content_added(self, path: str) -> None:
        with self.app.db.session() as session:
            courses.add_content(session, courses.require_course(session, COURSE), path)

    def unassigned(self, path: str) -> None:
        with self.app.db.session() as session:
            courses.unassign(session, courses.require_content(session, courses.require_course(session, COURSE), path))

    def assigned(self, path: str, identifier: str, constraint: str = "latest") -> None:
        with self.app.db.session() as session:
            library = library_index.get_or_create_library(session, self.app.storage.library)
            course = courses.require_course(session, COURSE)
            courses.assign(session, library, courses.add_content(session, course, path), identifier, constraint)

    def deployed(self, *paths: str, overwrite: bool = False) -> DeployReport:
        report = deploy_course(
            self.app, DeployRequest.deploy(COURSE, list(paths) or None, overwrite=overwrite, actor="setup")
        )
        assert report.ok, report.outcomes
        return report

    def pushed(self, change: Callable[[Path], None]) -> None:
        """A commit by someone with push access to the assignments repository."""
        push_change(self.assignments, self.root, change)

    def put_in_storage(self, relkey: str, data: bytes) -> None:
        """An object copied into storage behind exlib's back (below the storage root or prefix)."""
        put_raw(self.app.storage, self.request, relkey, data)

    # -- Dagster ---------------------------------------------------------------------------------

    @property
    def instance(self) -> dg.DagsterInstance:
        if self._instance is None:
            template = self.request.getfixturevalue("dagster_instance_template")
            self._instance = self._resources.enter_context(instance_copy(template, self.root / "dagster-instance"))
        return self._instance

    @property
    def dagster_resources(self) -> dict:
        settings = self.app.settings
        return {"exlib": ExlibResource.for_settings(settings), REPORTER_KEY: RunReporter()}

    def cli(self, *args: str) -> Result:
        """`exlib ARGS` as a user types it; an exception escaping the command fails the test."""
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    def close(self) -> None:
        self._resources.close()


def cli_environment(monkeypatch: pytest.MonkeyPatch, app: App) -> None:
    """Point `exlib` and Dagster runs at the test's database, storage, git host and size limits."""
    point_environment_at(monkeypatch, app.settings)


def build_scene(app: App, root: Path, request: pytest.FixtureRequest) -> Iterator[Scene]:
    scene = Scene(app=app, root=root, request=request)
    scene.outside.mkdir(parents=True)
    (scene.outside / VICTIM).write_text("a file exlib must never touch\n")
    scene.imported(scene.example("base"))
    with app.db.session() as session:
        courses.create_course(session, app.git_host, COURSE)
    scene.assigned(DEPLOYED_PATH, BASE)
    scene.deployed()
    os.makedirs(scene.inputs, exist_ok=True)
    try:
        yield scene
    finally:
        scene.close()
