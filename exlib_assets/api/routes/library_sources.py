"""The library's git sources: list them and sync one (an admin's)."""

from fastapi import APIRouter

from exlib_assets.api.auth import Caller
from exlib_assets.api.routes import errors
from exlib_assets.api.schemas_library_sources import LibrarySources, SourceSyncResult
from exlib_assets.api.services import lookups
from exlib_assets.api.state import State
from exlib_assets.core.access.scope import require_admin
from exlib_assets.core.library_sources import list_sources, sync_source

router = APIRouter(prefix="/api/v1/library/sources", tags=["library"])


@router.get("", response_model=LibrarySources, responses=errors(400, 401, 403, 404, 422))
def sources(principal: Caller, state: State):
    """The git repositories the library is synced from, with the commit each was last synced at."""
    require_admin(principal, "see the library's sources")
    return LibrarySources(sources=list_sources(state.app))


@router.post("/{name}/sync", response_model=SourceSyncResult, responses=errors(400, 401, 403, 404, 422, 502))
def sync(name: str, principal: Caller, state: State):
    """Import what changed in the source since its last sync; answers when done. A refused folder
    is listed under `failed` with what to do; the others are imported all the same."""
    require_admin(principal, "sync the library")
    return SourceSyncResult.model_validate(sync_source(state.app, lookups.storable(name, "library source")).to_dict())
