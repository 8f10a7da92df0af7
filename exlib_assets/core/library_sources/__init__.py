"""Library sources: git repositories holding example folders, synced into the Example Library."""

from exlib_assets.core.library_sources.registry import add_source, list_sources, remove_source, require_source
from exlib_assets.core.library_sources.remote import remote_head
from exlib_assets.core.library_sources.sync import SyncReport, sync_source

__all__ = [
    "SyncReport",
    "add_source",
    "list_sources",
    "remote_head",
    "remove_source",
    "require_source",
    "sync_source",
]
