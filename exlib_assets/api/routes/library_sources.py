"""The library's git sources: list them and sync one (an admin's)."""

from fastapi import APIRouter, status

from exlib_assets.api.auth import Caller
from exlib_assets.api.routes import errors
from exlib_assets.api.schemas_library_sources import LibrarySources, SourceSyncStarted, SourceSyncStatus
from exlib_assets.api.services import lookups
from exlib_assets.api.services.source_sync_runs import start_sync, sync_run_status
from exlib_assets.api.state import State
from exlib_assets.core.access.scope import require_admin
from exlib_assets.core.library_sources import list_sources, require_source
from exlib_assets.runs.course_jobs import SYNC_SOURCE

router = APIRouter(prefix="/api/v1/library/sources", tags=["library"])


@router.get("", response_model=LibrarySources, responses=errors(400, 401, 403, 404, 422))
def sources(principal: Caller, state: State):
    """The git repositories the library is synced from, with the commit each was last synced at."""
    require_admin(principal, "see the library's sources")
    return LibrarySources(sources=list_sources(state.app))


@router.post(
    "/{name}/sync",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SourceSyncStarted,
    responses=errors(400, 401, 403, 404, 422, 503),
)
def sync(name: str, principal: Caller, state: State):
    """Start a run importing what changed in the source since its last sync; answers with its run id
    at once. A refused folder is listed under `failed` of the run's result; the others are imported."""
    require_admin(principal, "sync the library")
    with state.app.db.session() as session:
        name = require_source(session, state.app, lookups.storable(name, "library source")).name
    run_id = start_sync(state.launcher, name, principal.name)
    return SourceSyncStarted(
        run_id=run_id,
        status="queued",
        job=SYNC_SOURCE.name,
        source=name,
        status_url=f"{router.prefix}/{name}/sync/{run_id}",
    )


@router.get("/{name}/sync/{run_id}", response_model=SourceSyncStatus, responses=errors(400, 401, 403, 404, 422))
def sync_status(name: str, run_id: str, principal: Caller, state: State):
    """How a sync run goes: queued | running | completed | failed, with the sync's report once it has one."""
    require_admin(principal, "follow the library's syncs")
    found = sync_run_status(state.launcher, lookups.storable(name, "library source"), run_id)
    return SourceSyncStatus(run_id=run_id, source=name, status=found.status, result=found.report, error=found.error)
