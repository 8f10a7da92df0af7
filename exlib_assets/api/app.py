"""The FastAPI application: the core and the Dagster instance opened once for the service's life.

Runs read their settings from the EXLIB_* environment, as every exlib run does; the service
reads the same, so what it checks and what its runs change is one and the same state.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from exlib_assets.api import errors
from exlib_assets.api.routes import (
    content_settings,
    contributions,
    courses,
    examples,
    library_sources,
    rollforward,
    templates,
)
from exlib_assets.api.runs import DEFAULT_KEPT_REPORTS, DEFAULT_QUEUE, DEFAULT_WORKERS, RunLauncher
from exlib_assets.api.schemas import Health
from exlib_assets.api.state import ApiState
from exlib_assets.core.app import open_app
from exlib_assets.core.settings import Settings
from exlib_assets.runs.instance import open_instance

# At shutdown, runs still working get this long to finish: one cut off would stay `started`.
SHUTDOWN_WAIT_S = 120


def create_app(
    *,
    run_workers: int = DEFAULT_WORKERS,
    run_queue: int = DEFAULT_QUEUE,
    kept_reports: int = DEFAULT_KEPT_REPORTS,
) -> FastAPI:
    """The service; at most `run_workers` runs work at once and `run_queue` more wait (see api/runs.py)."""

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        settings = Settings.from_env()
        with open_app(settings) as core, open_instance(settings) as instance:
            launcher = RunLauncher(instance, workers=run_workers, queue=run_queue, kept_reports=kept_reports)
            api.state.exlib = ApiState(core, launcher)
            try:
                yield
            finally:
                await anyio.to_thread.run_sync(launcher.wait, SHUTDOWN_WAIT_S)

    api = FastAPI(
        title="exlib",
        version="1",
        summary="Deploy Example Library versions into course repositories and release student templates.",
        description="Every endpoint but /api/v1/health needs `Authorization: Bearer TOKEN` (a token from "
        "`exlib token create`). An admin token may touch every course; a lecturer token only the courses "
        "it lists. Errors answer with `{error, detail, problems}`.",
        lifespan=lifespan,
    )
    errors.install(api)
    api.include_router(courses.router)
    api.include_router(examples.router)
    api.include_router(templates.router)
    api.include_router(rollforward.router)
    api.include_router(library_sources.router)
    api.include_router(contributions.course_router)
    api.include_router(contributions.library_router)
    api.include_router(content_settings.router)

    @api.get("/api/v1/health", response_model=Health, tags=["service"])
    def health() -> Health:
        """Whether the service is up (needs no token; says nothing about any course)."""
        return Health(status="ok")

    return api
