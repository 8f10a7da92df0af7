"""Finding versions that appeared in storage by other means (e.g. copied in with an S3 client).

Incremental: the cursor keeps a watermark of the newest change seen, so storage may skip
what has not changed since (a local folder does: unchanged identifiers are not opened), and
known versions are never read again; only new ones are handed on to be indexed.
"""

import json
from dataclasses import dataclass, field

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.keys import example_version_key
from exlib_assets.core.storage import ExampleStorage
from exlib_assets.core.storage.keys import version_prefix

# Clocks and upload times are not exact; look back this far past the watermark.
WATERMARK_MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class DiscoveryCursor:
    watermark: float | None = None
    # Versions seen without their meta.yaml yet; checked again on every tick until complete.
    incomplete: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps({"watermark": self.watermark, "incomplete": list(self.incomplete)})

    @classmethod
    def from_json(cls, text: str | None) -> "DiscoveryCursor":
        if not text:
            return cls()
        data = json.loads(text)
        return cls(watermark=data.get("watermark"), incomplete=tuple(data.get("incomplete", ())))


@dataclass(frozen=True)
class Discovery:
    new_keys: list[str]
    cursor: DiscoveryCursor
    listed: int
    refused: list[str] = field(default_factory=list)  # folder names that cannot be partition keys


def _usable_key(library: str, identifier: str, version: str) -> str | None:
    """The partition key of a stored folder, or None when its names cannot work end to end
    (as a partition key, split back at '@', and as storage key segments)."""
    try:
        key = example_version_key(identifier, version)
        version_prefix(library, identifier, version)
    except ExlibError:
        return None
    return key if "@" not in identifier and "@" not in version else None


def discover_versions(storage: ExampleStorage, known_keys: set[str], cursor: DiscoveryCursor) -> Discovery:
    since = None if cursor.watermark is None else cursor.watermark - WATERMARK_MARGIN_SECONDS
    listed = storage.list_versions(changed_since=since)
    watermark = max([cursor.watermark or 0.0, *(v.modified for v in listed)]) or None

    complete: dict[str, bool] = {}
    refused = []
    for stored in listed:
        key = _usable_key(storage.library, stored.identifier, stored.version)
        if key is None:
            refused.append(f"{stored.identifier}/{stored.version}")
        else:
            complete[key] = stored.complete
    for key in cursor.incomplete:
        if key not in complete:
            identifier, _, version = key.rpartition("@")
            complete[key] = storage.has_version(identifier, version)

    new_keys = sorted(key for key, done in complete.items() if done and key not in known_keys)
    incomplete = tuple(sorted(key for key, done in complete.items() if not done))
    return Discovery(
        new_keys=new_keys,
        cursor=DiscoveryCursor(watermark=watermark, incomplete=incomplete),
        listed=len(listed),
        refused=refused,
    )
