"""Response bodies of the library source endpoints."""

from typing import Literal

from pydantic import Field

from exlib_assets.api.schemas import Body


class LibrarySourceInfo(Body):
    name: str
    url: str = Field(description="The repository, never with credentials in it.")
    branch: str
    under: str = Field(description="The folder of the repository the examples are under; empty for all of it.")
    synced_commit: str | None
    synced_at: str | None
    examples: int
    failing: list[str] = Field(description="Example folders refused by the last sync, read again by the next.")


class LibrarySources(Body):
    sources: list[LibrarySourceInfo]


class SyncFailure(Body):
    path: str
    error: str


class SourceSyncRunResult(Body):
    source: str
    commit: str = Field(description="The commit of the source's branch the sync read.")
    imported: list[dict]
    unchanged: int = Field(description="How many example folders were unchanged.")
    failed: list[SyncFailure]


class SourceSyncStarted(Body):
    run_id: str = Field(description="The Dagster run of the sync; ask status_url how it goes.")
    status: Literal["queued"]
    job: str = Field(description="The Dagster job the run runs (the same as the sensor's).")
    source: str
    status_url: str


class SourceSyncStatus(Body):
    run_id: str
    source: str
    status: Literal["queued", "running", "completed", "failed"]
    result: SourceSyncRunResult | None = Field(
        default=None, description="The sync's report, once it has read the source (also when folders were refused)."
    )
    error: str | None = Field(default=None, description="Why the run failed, when it did.")
