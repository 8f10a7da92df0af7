from collections.abc import Iterator

import dagster as dg
import pytest

from exlib_assets.defs.resources import ExlibResource


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    """A real, persistent (temporary folder) Dagster instance."""
    with dg.instance_for_test() as test_instance:
        yield test_instance


@pytest.fixture
def resources(app) -> dict:
    """The definitions' resources, pointed at the test's database and storage."""
    settings = app.settings
    return {"exlib": ExlibResource.for_settings(settings)}
