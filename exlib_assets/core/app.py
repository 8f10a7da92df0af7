"""Wiring the core together from settings: the one place the CLI and Dagster both start from."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from exlib_assets.core.db.engine import Database
from exlib_assets.core.githost import GitHost, open_git_host
from exlib_assets.core.settings import Settings
from exlib_assets.core.storage import ExampleStorage, open_storage

if TYPE_CHECKING:
    from exlib_assets.core.example_library import ExampleLibrary


@dataclass
class App:
    settings: Settings
    db: Database
    storage: ExampleStorage
    git_host: GitHost

    @cached_property
    def library(self) -> "ExampleLibrary":
        """Importing and reading examples. Made on first use: what it imports (meta.yaml's model
        and reader, the library index) is a sixth of a read-only command's start-up, and
        `exlib status` or a deploy never needs it."""
        from exlib_assets.core.example_library import ExampleLibrary

        return ExampleLibrary(self.db, self.storage, self.settings.limits)

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> "App":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_app(settings: Settings | None = None, *, s3_client: Callable[[], Any] | None = None) -> App:
    settings = settings or Settings.from_env()
    # The embedded default sets itself up; a shared production database is migrated on
    # purpose by an admin (`exlib db upgrade`), never as a side effect of a run.
    db = Database(settings.database_url, auto_upgrade=settings.is_embedded_database)
    storage = open_storage(settings.storage_url, settings.library, s3_client=s3_client)
    return App(
        settings=settings,
        db=db,
        storage=storage,
        git_host=open_git_host(
            settings.git_url, gitlab_token=settings.gitlab_token, gitlab_course_tokens=settings.gitlab_course_tokens
        ),
    )
