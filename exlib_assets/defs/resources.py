"""The resource every exlib asset and sensor uses to reach the plain-Python core."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

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

    home: str | None = None
    database_url: str | None = None
    storage_url: str | None = None
    library: str | None = None
    # Where course repositories live: a folder of bare repositories, a git URL prefix, or GitLab.
    # GitLab's token is read from EXLIB_GITLAB_TOKEN only, so it never shows in run config.
    git_url: str | None = None
    s3: S3Resource

    def settings(self) -> Settings:
        # Fields set here win over the environment; the defaults of the rest follow `home`.
        fields = {
            "EXLIB_HOME": self.home,
            "EXLIB_DATABASE_URL": self.database_url,
            "EXLIB_STORAGE_URL": self.storage_url,
            "EXLIB_LIBRARY": self.library,
            "EXLIB_GIT_URL": self.git_url,
        }
        return Settings.from_env({**os.environ, **{name: value for name, value in fields.items() if value}})

    @contextmanager
    def open(self) -> Iterator[App]:
        with open_app(self.settings(), s3_client=self.s3.get_client) as app:
            yield app
