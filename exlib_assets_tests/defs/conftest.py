from collections.abc import Iterator

import dagster as dg
import pytest

from exlib_assets.defs.deployments.progress import REPORTER_KEY, RunReporter
from exlib_assets.defs.resources import ExlibResource
from exlib_assets_tests.dagster_instances import instance_copy


@pytest.fixture
def instance(dagster_instance_template, tmp_path) -> Iterator[dg.DagsterInstance]:
    """A real, persistent (temporary folder) Dagster instance, of this test alone."""
    with instance_copy(dagster_instance_template, tmp_path / "dagster-instance") as test_instance:
        yield test_instance


@pytest.fixture
def resources(app) -> dict:
    """The definitions' resources, pointed at the test's database and storage (nobody listening)."""
    settings = app.settings
    return {"exlib": ExlibResource.for_settings(settings), REPORTER_KEY: RunReporter()}
