"""The resource every exlib asset and sensor uses to reach the plain-Python core."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import dagster as dg
from pydantic import PrivateAttr

from exlib_assets.core.redaction import redact_text
from exlib_assets.core.settings import Settings
from exlib_assets.defs.s3 import S3Connection

if TYPE_CHECKING:
    # The application (SQLAlchemy, the models, storage, git hosts) is imported when a run or tick
    # opens it, not with the code location that every run process loads first.
    from exlib_assets.core.app import App


class ExlibResource(dg.ConfigurableResource):
    """exlib's application database and example storage.

    Fields left empty are read from the EXLIB_* environment variables when a run or tick
    starts (not at import), so one set of definitions serves the embedded default and
    production. S3 credentials and endpoint come from the `s3` resource, else from the usual
    AWS_* variables.
    """

    home: str | None = None
    database_url: str | None = None
    storage_url: str | None = None
    library: str | None = None
    # Where course repositories live: a folder of bare repositories, a git URL prefix, or GitLab.
    # GitLab's token is read from EXLIB_GITLAB_TOKEN only, so it never shows in run config.
    git_url: str | None = None
    s3: S3Connection

    # Within one run (or sensor tick) every `open()` shares one application: one database engine and
    # one schema check per run, not one per step or helper that opens it (a deploy opened it twice).
    _in_execution: bool = PrivateAttr(default=False)
    _shared_app: "App | None" = PrivateAttr(default=None)

    @classmethod
    def for_settings(cls, settings: Settings) -> "ExlibResource":
        """The resource pointed at `settings` (tests and benchmarks run on their own state)."""
        return cls(
            home=str(settings.home),
            database_url=settings.database_url,
            storage_url=settings.storage_url,
            library=settings.library,
            git_url=settings.git_url,
            s3=S3Connection(),
        )

    def __repr_args__(self):
        # pydantic's repr (and str) would show the database password, a token in the git URL and
        # the S3 secret key of the nested resource: show the URLs masked and the S3 endpoint only.
        for name, value in super().__repr_args__():
            if name == "s3":
                value = f"S3Connection(endpoint_url={self.s3.endpoint_url!r}, region_name={self.s3.region_name!r})"
            elif isinstance(value, str):
                value = redact_text(value)
            yield name, value

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

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # Nothing is opened here: a step that never opens the application does not pay for it.
        self._in_execution = True

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        # Dagster calls this when the run or tick ends, failed or not.
        if self._shared_app is not None:
            self._shared_app.close()
            self._shared_app = None

    @contextmanager
    def open(self) -> Iterator["App"]:
        """The application: in a run or tick, the one it shares (opened on first use, closed when
        it ends); outside one (a test or script holding this resource), a new one for the block."""
        if self._in_execution:
            if self._shared_app is None:
                self._shared_app = self._open_app()
            yield self._shared_app
            return
        with self._open_app() as app:
            yield app

    def _open_app(self) -> "App":
        from exlib_assets.core.app import open_app

        return open_app(self.settings(), s3_client=self._s3_client)

    def _s3_client(self):
        """S3 as the `s3` resource configures it (endpoint, region, credentials), with exlib's
        retries and timeouts: a stalled endpoint fails a run in seconds, not minutes."""
        from exlib_assets.core.storage.s3 import client_config

        return self.s3.client(client_config())
