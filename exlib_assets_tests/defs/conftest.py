from collections.abc import Iterator

import dagster as dg
import pytest
from dagster_aws.s3 import S3Resource

from exlib_assets.defs.resources import ExlibResource
from exlib_assets_tests.lesson_course import release  # noqa: F401


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    """A real, persistent (temporary folder) Dagster instance."""
    with dg.instance_for_test() as test_instance:
        yield test_instance


@pytest.fixture
def resources(app) -> dict:
    """The definitions' resources, pointed at the test's database and storage."""
    settings = app.settings
    return {
        "exlib": ExlibResource(
            home=str(settings.home),
            database_url=settings.database_url,
            storage_url=settings.storage_url,
            library=settings.library,
            git_url=settings.git_url,
            s3=S3Resource(),
        )
    }
