"""What updating one deployed content would change, shown before anything is updated.

An update sees three versions of a folder: the deployed version as exlib wrote it (the base),
the version the update brings (theirs) and what `main` holds now (ours: the lecturer's edits).
This puts the library's change (base -> theirs) and the lecturer's (base -> ours) side by side,
with what a merge would do to each file. Nothing is written: `main` is read through the mirror.
"""

import difflib
from dataclasses import dataclass

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.db.models import Assignment, Deployment, Example, ExampleVersion
from exlib_assets.core.deployments.library_files import LibraryFiles
from exlib_assets.core.deployments.merge import MergedFolder, merge_folder
from exlib_assets.core.deployments.tracking import TRACKING_FILE, Tracking, own_files, parse_tracking
from exlib_assets.core.deployments.wanted import available_update, wanted_version
from exlib_assets.core.errors import ExlibError, InvalidVersionError, NotFoundError
from exlib_assets.core.updates.scan import mirror_of


@dataclass
class FileDiff:
    path: str
    # "added" | "changed" | "removed" from the deployed version to the new one; "" when untouched.
    library: str
    # The same words for what `main` holds against the deployed version.
    local: str
    # What an update with strategy merge would do: "take library", "keep yours", "merge",
    # "conflict", or "nothing" (main already holds what the update would write).
    on_update: str


@dataclass
class ContentDiff:
    course: str
    path: str
    example: str
    deployed_version: str
    to_version: str
    # The commit of `main` that was read.
    commit: str
    # Only files that the library or the lecturer changed.
    files: list[FileDiff]
    # Unified diffs of every file: deployed -> to_version, and deployed -> main.
    library_patch: str
    local_patch: str


@dataclass(frozen=True)
class _Versions:
    example: str
    deployed: str
    deployed_digest: str
    target: str
    target_digest: str


def diff_content(app: App, slug: str, path: str, to_version: str | None = None) -> ContentDiff:
    """Compare content `path` of course `slug` as deployed with `to_version` (default: the update
    on offer, else the version its constraint wants) and with what `main` holds now."""
    versions = _versions(app, slug, path, to_version)
    folder = folder_of(path)
    commit, tracking, ours = _read_main(app, slug, folder)
    if (tracking.example_id, tracking.digest) != (versions.example, versions.deployed_digest):
        raise ExlibError(
            f"{folder}/{TRACKING_FILE} on main says {tracking.example_id}@{tracking.example_version}, but the "
            f"database says {versions.example}@{versions.deployed} is deployed at {path} of course {slug}; "
            f"`exlib check {slug}` shows the difference and `exlib repair {slug}` settles it."
        )
    library = LibraryFiles(app)
    base = library.as_tracked(tracking)
    # Both sides get the same dependency paths, so meta.yaml shows the library's change only.
    theirs = library.as_deployed(versions.example, versions.target, versions.target_digest, path, tracking.dependencies)
    merged = merge_folder(base, ours, theirs)
    deployed_label = f"deployed {versions.deployed}"
    return ContentDiff(
        course=slug,
        path=path,
        example=versions.example,
        deployed_version=versions.deployed,
        to_version=versions.target,
        commit=commit,
        files=_file_table(base, ours, theirs, merged),
        library_patch=_unified_patch(base, theirs, folder, deployed_label, f"library {versions.target}"),
        local_patch=_unified_patch(base, ours, folder, deployed_label, "yours"),
    )


def _versions(app: App, slug: str, path: str, to_version: str | None) -> _Versions:
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        content = courses.require_content(session, course, path)
        row = content.deployment
        if row is None or row.example_version is None:
            raise ExlibError(
                f"nothing is deployed at {path} in course {slug}, so there is nothing to compare; assign an example "
                f"(`exlib assign {slug} {path} EXAMPLE`) and deploy it (`exlib deploy {slug} {path}`) first."
            )
        deployed = row.example_version
        target = (
            _requested(deployed.example, to_version)
            if to_version is not None
            else _next_version(content.assignment, row)
        )
        return _Versions(deployed.example.identifier, deployed.tag, deployed.digest, target.tag, target.digest)


def _requested(example: Example, tag: str) -> ExampleVersion:
    try:
        found = library_index.find_version(example, tag)
    except InvalidVersionError:
        found = None
    if found is None:
        tags = ", ".join(version.tag for version in example.versions)
        raise NotFoundError(
            f"{example.identifier} has no version {tag!r} in the library; compare with one of its versions: {tags}."
        )
    return found


def _next_version(assignment: Assignment | None, row: Deployment) -> ExampleVersion:
    """The update on offer; else where the constraint points, when it names the same example."""
    offered = available_update(assignment, row)
    if offered is not None:
        return offered
    deployed = row.example_version
    if assignment is None or assignment.example_id != deployed.example_id:
        # Unassigned, or another example wanted there: that is a removal or a redeploy, not an update.
        return deployed
    return wanted_version(assignment, row)


def _read_main(app: App, slug: str, folder: str) -> tuple[str, Tracking, dict[str, bytes]]:
    """The commit of main, the folder's tracking file and its other files there."""
    mirror = mirror_of(app, slug)
    mirror.fetch()
    head = mirror.head()
    listing = mirror.files_under(head, folder) if head is not None else {}
    if TRACKING_FILE not in listing:
        raise ExlibError(
            f"{folder}/{TRACKING_FILE} is not on main of course {slug}'s assignments repository, so what was "
            f"deployed there is unknown; `exlib check {slug}` says more."
        )
    own = own_files(listing)
    blobs = mirror.read_blobs([listing[TRACKING_FILE], *own.values()])
    tracking = parse_tracking(blobs[listing[TRACKING_FILE]], folder)
    return head, tracking, {relpath: blobs[sha] for relpath, sha in own.items()}


def _file_table(
    base: dict[str, bytes], ours: dict[str, bytes], theirs: dict[str, bytes], merged: MergedFolder
) -> list[FileDiff]:
    conflicted = {conflict.path for conflict in merged.conflicts}
    table = []
    for relpath in sorted(base.keys() | ours.keys() | theirs.keys()):
        library = _change(base.get(relpath), theirs.get(relpath))
        local = _change(base.get(relpath), ours.get(relpath))
        if library or local:
            table.append(FileDiff(relpath, library, local, _on_update(relpath, ours, theirs, merged, conflicted)))
    return table


def _change(before: bytes | None, after: bytes | None) -> str:
    if before == after:
        return ""
    if before is None:
        return "added"
    return "removed" if after is None else "changed"


def _on_update(
    relpath: str, ours: dict[str, bytes], theirs: dict[str, bytes], merged: MergedFolder, conflicted: set[str]
) -> str:
    if relpath in conflicted:
        return "conflict"
    if ours.get(relpath) == theirs.get(relpath):
        return "nothing"  # both made the same change, or neither did
    from_library, kept = relpath in merged.from_library, relpath in merged.kept_local
    if from_library and kept:
        return "merge"
    if from_library:
        return "take library"
    return "keep yours" if kept else "nothing"


def _unified_patch(old: dict[str, bytes], new: dict[str, bytes], folder: str, old_label: str, new_label: str) -> str:
    """A unified diff of every file that differs, paths shown from the repository root."""
    parts = []
    for relpath in sorted(old.keys() | new.keys()):
        before, after = old.get(relpath), new.get(relpath)
        if before == after:
            continue
        shown_old, shown_new = f"a/{folder}/{relpath} ({old_label})", f"b/{folder}/{relpath} ({new_label})"
        # A NUL byte is git's sign of a binary file; line by line it would only be noise.
        if any(b"\0" in content for content in (before, after) if content is not None):
            parts.append(f"Binary files {shown_old} and {shown_new} differ\n")
            continue
        lines = difflib.unified_diff(_lines(before), _lines(after), shown_old, shown_new)
        parts.extend(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return "".join(parts)


def _lines(content: bytes | None) -> list[str]:
    # Split at "\n" only, as git does: str.splitlines would also cut at "\r", "\f" and others.
    pieces = content.decode("utf-8", errors="replace").split("\n") if content else [""]
    return [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
