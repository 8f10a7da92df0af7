"""The job that syncs a library source into the library, with typed config for the Launchpad."""

import dagster as dg
from pydantic import Field

from exlib_assets.defs.resources import ExlibResource


class SourceSyncConfig(dg.Config):
    source: str = Field(description="The library source to sync, as `exlib library source list` names it.")


@dg.op(out=dg.Out(dg.Nothing))
def sync_library_source(context: dg.OpExecutionContext, config: SourceSyncConfig, exlib: ExlibResource):
    """Import the example folders of a source that changed since its last sync; all import checks apply."""
    from exlib_assets.core.library_sources import sync_source

    with exlib.open() as app:
        report = sync_source(app, config.source)
    for entry in report.imported:
        context.log.info(f"imported {entry['identifier']}@{entry['version']} from {entry['path']}")
    metadata = {
        "source": config.source,
        "commit": report.commit,
        "imported": dg.MetadataValue.json(report.imported),
        "unchanged": len(report.unchanged),
        "failed": dg.MetadataValue.json(report.failed),
    }
    if report.failed:
        # The sync recorded what it could; the run fails so the refused folders are seen.
        raise dg.Failure(
            description=f"{len(report.failed)} example folders of {config.source} at {report.commit[:12]} were "
            "refused: " + "; ".join(f"{entry['path']}: {entry['error']}" for entry in report.failed),
            metadata=metadata,
        )
    yield dg.Output(None, metadata=metadata)


@dg.job(tags={"exlib/kind": "library-sync"})
def sync_library_source_job():
    """Sync one library source (a git repository of example folders) into the library."""
    sync_library_source()
