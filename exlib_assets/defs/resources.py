"""The resource every exlib asset and sensor uses to reach the plain-Python core."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import dagster as dg
from dagster_aws.s3 import S3Resource

from exlib_assets.core.app import App, open_app
from exlib_assets.core.settings import Settings


class ExlibResource(dg.ConfigurableResource):
    """exlib's application database and example storage.

    Fields left empty are read from the EXLIB_* environment variables when a run or tick
    starts (not at import), so one set of definitions serves the embedded default and
    production. S3 credentials and endpoint come from the usual AWS_* variables through
    dagster-aws's S3Resource.
    """

    database_url: str | None = None
    storage_url: str | None = None
    library: str | None = None
    s3: S3Resource

    def settings(self) -> Settings:
        overrides = {
            name: value
            for name, value in (
                ("database_url", self.database_url),
                ("storage_url", self.storage_url),
                ("library", self.library),
            )
            if value
        }
        return replace(Settings.from_env(), **overrides)

    @contextmanager
    def open(self) -> Iterator[App]:
        with open_app(self.settings(), s3_client=self.s3.get_client) as app:
            yield app
