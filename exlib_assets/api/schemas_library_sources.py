"""Response bodies of the library source endpoints."""

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


class SourceSyncResult(Body):
    source: str
    commit: str = Field(description="The commit of the source's branch the sync read.")
    imported: list[dict]
    unchanged: list[dict]
    failed: list[SyncFailure]
