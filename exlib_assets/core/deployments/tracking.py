"""What the assignments repository records about each deployment.

The repository is the source of truth for what is deployed: every deployed folder holds a
`.example-library` file (example, version, digest, per-file sha256, when, content,
dependencies), and `.course-metadata/` holds a course-wide index and the history. The
database mirrors this; a check proves they agree.
"""

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
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
        """The tracking file `to_json` wrote; ValueError naming the key when it is anything else
        (anyone with push rights can change it, and a wrong type would only fail much later)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object, got {type(data).__name__}")
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown keys {', '.join(unknown)}")
        for key in _TEXT_KEYS:
            if not isinstance(data.get(key), str):
                raise ValueError(f"{key}: expected text")
        files = data.get("files")
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise ValueError("files: expected an object of file paths and their sha256")
        links = data.get("dependencies", [])
        if not isinstance(links, list) or not all(_is_link(link) for link in links):
            raise ValueError("dependencies: expected a list of {identifier, version, deployed_path} objects")
        return cls(**{**data, "dependencies": [DependencyLink(**link) for link in links]})


_TEXT_KEYS = ("example_id", "example_version", "digest", "content_path", "deployed_at")


def _is_link(link: object) -> bool:
    keys = {f.name for f in fields(DependencyLink)}
    return isinstance(link, dict) and set(link) == keys and all(isinstance(v, str) for v in link.values())


def read_tracking(folder: Path, shown: str | None = None) -> Tracking | None:
    """The tracking file in `folder`, if any; `shown` is the folder as messages name it."""
    path = folder / TRACKING_FILE
    if not path.is_file():
        return None
    return parse_tracking(path.read_bytes(), shown or folder.name)


def parse_tracking(data: bytes, shown: str) -> Tracking:
    """A tracking file's contents; ExlibError naming the file `shown`/.example-library when damaged."""
    try:
        return Tracking.from_json(data.decode("utf-8"))
    except ValueError as error:  # JSON, UTF-8 and shape errors alike
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


def deployed_trackings(repository: Path, damaged: list[str] | None = None) -> dict[str, Tracking]:
    """Every deployment the working copy holds, by the folder it sits in (`week1/hello_world`).

    A damaged tracking file raises ExlibError, unless `damaged` is given: then its folder is
    added there and the others are read.
    """
    found = {}
    reader = WorkingCopyWriter(repository)
    for tracking_path in sorted(repository.rglob(TRACKING_FILE)):
        relative = tracking_path.parent.relative_to(repository)
        if is_deployment_folder(relative.parts):
            tracking = read_deployed_tracking(reader, relative.as_posix(), damaged)
            if tracking is not None:
                found[relative.as_posix()] = tracking
    return found


def is_deployment_folder(parts: tuple[str, ...]) -> bool:
    """Whether a tracking file in the folder `parts` (relative to the repository) is a deployment's:
    the course metadata folder and git's own folder hold none."""
    return parts[:1] not in ((METADATA_DIR,), (".git",))


def read_deployed_tracking(reader: WorkingCopyWriter, folder: str, damaged: list[str] | None) -> Tracking | None:
    """The tracking file in `folder` (`.` for the repository itself), read as deployed_trackings reads
    each one: a damaged one raises ExlibError, or is added to `damaged` (None returned) when given."""
    # A planted `.example-library` symlink is refused, not read: its target's text would land in the index.
    text = reader.read_bytes(TRACKING_FILE if folder == "." else f"{folder}/{TRACKING_FILE}") or b""
    try:
        return parse_tracking(text, folder)
    except ExlibError:
        if damaged is None:
            raise
        damaged.append(folder)
        return None


def course_index(repository: Path) -> str:
    """`.course-metadata/deployed-examples.json`, derived from the tracking files alone, so it
    changes exactly when a deployment does (no "last run" timestamp that would dirty every run).

    Never read back: whatever a lecturer pushes there is replaced. A damaged tracking file is
    listed under `unreadable_tracking_files` rather than stopping the course's deploys (the path
    it belongs to fails on its own, naming it).
    """
    damaged: list[str] = []
    deployments = [
        index_entry(folder, tracking) for folder, tracking in deployed_trackings(repository, damaged).items()
    ]
    return render_course_index(deployments, damaged)


def index_entry(folder: str, tracking: Tracking) -> dict[str, str]:
    """What the course index says about the deployment in `folder`."""
    return {
        "ltree_path": tracking.content_path,
        "filesystem_path": folder,
        "example_id": tracking.example_id,
        "example_version": tracking.example_version,
        "digest": tracking.digest,
        "deployed_at": tracking.deployed_at,
    }


def render_course_index(deployments: list[dict[str, str]], damaged: list[str]) -> str:
    """The course index's text: `deployments` (index_entry() of each) and the folders whose tracking
    file is damaged, both in the order deployed_trackings() reads them."""
    last = max((d["deployed_at"] for d in deployments), default=None)
    index = {"last_updated": last, "deployments": deployments}
    if damaged:
        index["unreadable_tracking_files"] = [f"{folder}/{TRACKING_FILE}" for folder in damaged]
    return json.dumps(index, indent=2) + "\n"


def append_history(repository: Path, entries: list[dict]) -> str | None:
    """Add `entries` to the course's history file; a note for the user when the file found there
    could not be read.

    Anyone with push rights can break that file. It is the lecturers' record, not derived from
    anything, so it is never rebuilt or dropped: an unreadable one is kept, byte for byte, under
    `deployment-history.unreadable-<UTC time>.json` beside it, and a new history starts.
    """
    writer = WorkingCopyWriter(repository)
    recorded = writer.read_bytes(HISTORY_FILE)
    history, problem = _read_history(recorded) if recorded is not None else ([], None)
    note = None
    if problem:
        aside = _free_name(writer, f"{Path(HISTORY_FILE).stem}.unreadable-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
        writer.write_bytes(aside, recorded)
        note = (
            f"{HISTORY_FILE} in the assignments repository {problem}; it was kept as "
            f"{aside} and a new history started. Merge the two by hand if its entries "
            "matter, as a JSON list of objects."
        )
    history.extend(entries)
    writer.write_text(HISTORY_FILE, json.dumps(history, indent=2) + "\n")
    return note


def write_course_index(repository: Path) -> None:
    """Write `.course-metadata/deployed-examples.json` from the working copy's tracking files."""
    WorkingCopyWriter(repository).write_text(DEPLOYED_INDEX, course_index(repository))


def _read_history(recorded: bytes) -> tuple[list[dict], str | None]:
    """The history's entries, or why the file is not the JSON list of objects exlib writes."""
    try:
        history = json.loads(recorded.decode("utf-8"))
    except UnicodeDecodeError:
        return [], "is not UTF-8 text"
    except json.JSONDecodeError as error:
        return [], f"is not valid JSON ({error})"
    if not isinstance(history, list) or not all(isinstance(entry, dict) for entry in history):
        return [], f"is not a JSON list of objects (it holds {type(history).__name__} data)"
    return history, None


def _free_name(writer: WorkingCopyWriter, stem: str) -> str:
    """`.course-metadata/STEM.json`, or STEM-2, STEM-3... when taken."""
    candidate, number = f"{METADATA_DIR}/{stem}.json", 1
    while writer.read_bytes(candidate) is not None:
        number += 1
        candidate = f"{METADATA_DIR}/{stem}-{number}.json"
    return candidate
