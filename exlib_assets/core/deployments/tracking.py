"""What the assignments repository records about each deployment.

The repository is the source of truth for what is deployed: every deployed folder holds a
`.example-library` file (example, version, digest, per-file sha256, when, content,
dependencies), and `.course-metadata/` holds a course-wide index and the history. The
database mirrors this; a check proves they agree.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.working_copy_writer import WorkingCopyWriter

TRACKING_FILE = ".example-library"
METADATA_DIR = ".course-metadata"
DEPLOYED_INDEX = f"{METADATA_DIR}/deployed-examples.json"
HISTORY_FILE = f"{METADATA_DIR}/deployment-history.json"

T = TypeVar("T")


@dataclass(frozen=True)
class DependencyLink:
    identifier: str
    version: str
    deployed_path: str


@dataclass(frozen=True)
class Tracking:
    example_id: str
    example_version: str
    digest: str
    content_path: str
    deployed_at: str
    # sha256 of every file as deployed (meta.yaml as annotated), by path inside the folder.
    files: dict[str, str]
    dependencies: list[DependencyLink] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> "Tracking":
        data = json.loads(text)
        data["dependencies"] = [DependencyLink(**link) for link in data.get("dependencies", [])]
        return cls(**data)


def read_tracking(folder: Path) -> Tracking | None:
    path = folder / TRACKING_FILE
    if not path.is_file():
        return None
    return _load(path.read_bytes(), folder.name)


def _load(text: bytes, shown: str) -> Tracking:
    try:
        return Tracking.from_json(text)
    except (ValueError, TypeError, KeyError) as error:
        raise ExlibError(
            f"the tracking file {shown}/{TRACKING_FILE} in the assignments repository is damaged ({error}); "
            "restore it from git history, or delete it and deploy with overwrite."
        ) from error


def files_on_disk(folder: Path) -> dict[str, str]:
    """sha256 of every file of the deployment in `folder` (see own_files), by relative path."""
    if not folder.is_dir():
        return {}
    listing = {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file()}
    return {relpath: file_sha256(path.read_bytes()) for relpath, path in own_files(listing).items()}


def own_files(listing: dict[str, T]) -> dict[str, T]:
    """The entries of a deployed folder's listing (by path relative to the folder) that are its
    deployment's files: not its tracking file, and not the folders holding a deployment of
    their own (a child content, `week1/hello` below `week1`)."""
    nested = tuple(path.removesuffix(TRACKING_FILE) for path in listing if path.endswith("/" + TRACKING_FILE))
    return {path: value for path, value in listing.items() if path != TRACKING_FILE and not path.startswith(nested)}


def local_changes(present: dict[str, str], tracking: Tracking) -> list[str]:
    """Files added, changed or removed since the deployment, as `+path`, `~path`, `-path`;
    `present` is files_on_disk() of the deployed folder."""
    changes = [f"+{p}" for p in present if p not in tracking.files]
    changes += [f"~{p}" for p in present if p in tracking.files and present[p] != tracking.files[p]]
    changes += [f"-{p}" for p in tracking.files if p not in present]
    return sorted(changes, key=lambda change: change[1:])


def deployed_trackings(repository: Path) -> dict[str, Tracking]:
    """Every deployment the working copy holds, by the folder it sits in (`week1/hello_world`)."""
    found = {}
    # A planted `.example-library` symlink is refused, not read: its target's text would land in the index.
    reader = WorkingCopyWriter(repository)
    for tracking_path in sorted(repository.rglob(TRACKING_FILE)):
        relative = tracking_path.parent.relative_to(repository)
        if relative.parts[:1] in ((METADATA_DIR,), (".git",)):
            continue
        text = reader.read_bytes(tracking_path.relative_to(repository).as_posix()) or b""
        found[relative.as_posix()] = _load(text, relative.as_posix())
    return found


def course_index(repository: Path) -> str:
    """`.course-metadata/deployed-examples.json`, derived from the tracking files alone, so it
    changes exactly when a deployment does (no "last run" timestamp that would dirty every run)."""
    deployments = []
    for folder, tracking in deployed_trackings(repository).items():
        deployments.append(
            {
                "ltree_path": tracking.content_path,
                "filesystem_path": folder,
                "example_id": tracking.example_id,
                "example_version": tracking.example_version,
                "digest": tracking.digest,
                "deployed_at": tracking.deployed_at,
            }
        )
    last = max((d["deployed_at"] for d in deployments), default=None)
    return json.dumps({"last_updated": last, "deployments": deployments}, indent=2) + "\n"


def append_history(repository: Path, entries: list[dict]) -> None:
    writer = WorkingCopyWriter(repository)
    recorded = writer.read_bytes(HISTORY_FILE)
    history = json.loads(recorded) if recorded is not None else []
    history.extend(entries)
    writer.write_text(HISTORY_FILE, json.dumps(history, indent=2) + "\n")


def write_course_index(repository: Path) -> None:
    """Write `.course-metadata/deployed-examples.json` from the working copy's tracking files."""
    WorkingCopyWriter(repository).write_text(DEPLOYED_INDEX, course_index(repository))
