"""One content folder read for the student template: what students get and what is secret, or
why the content cannot be built.

A content that cannot be built (damaged tracking file, broken meta.yaml, unbalanced markers, a
file with marker words in no encoding exlib reads, a bad `.studentfiles`) is not an error for the
course: the builder holds that content back and releases the rest. Its secrets are still known
as far as they can be, so that no other content may publish them either.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from exlib_assets.core.deployments.tracking import TRACKING_FILE, Tracking
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.meta import ExampleMeta, parse_meta
from exlib_assets.core.templates.secrets import example_secrets, unreadable_content_secrets
from exlib_assets.core.templates.student_view import META_FILE, student_files
from exlib_assets.core.templates.traditional import traditional_student_files


@dataclass
class ContentFiles:
    kind: str  # example | traditional
    # Path inside the folder -> content as shipped; empty when the content cannot be built.
    # (A kept view's files and secrets are LazyFiles: read only when their bytes are needed.)
    files: Mapping[str, bytes]
    # Path inside the folder -> content of every file no template may hold.
    secrets: Mapping[str, bytes]
    notes: list[str] = field(default_factory=list)
    # Why the content cannot be built, or None.
    problem: str | None = None


# The stored meta.yaml of the version a tracking file names (an ExlibError if it is not stored).
StoredMeta = Callable[[Tracking], bytes]


def read_content(
    folder_files: Mapping[str, bytes],
    *,
    folder: str,
    stored_meta: StoredMeta,
    course_language: str | None = None,
    settings: Mapping[str, object] | None = None,
) -> ContentFiles:
    """The student files and secrets of the content in `folder` (files by path inside it).

    When the deployed meta.yaml cannot be read, `stored_meta` gives the library's meta.yaml of
    the deployed version, so the folder's secrets are still known file by file.
    """
    if TRACKING_FILE not in folder_files:
        return _traditional(folder_files, folder)
    try:
        # Which example this is comes from the tracking file, never from meta.yaml or the folder.
        tracking = _tracking(folder_files[TRACKING_FILE], folder)
    except ExlibError as error:
        return ContentFiles("example", {}, unreadable_content_secrets(folder_files), problem=str(error))
    identifier = tracking.example_id
    try:
        meta = _deployed_meta(folder_files, folder, identifier)
        secrets = example_secrets(folder_files, meta)
    except ExlibError as error:
        return ContentFiles("example", {}, _secrets_by_library(folder_files, tracking, stored_meta), problem=str(error))
    try:
        view = student_files(
            folder_files,
            folder=folder,
            identifier=identifier,
            course_language=course_language,
            settings=settings,
            meta=meta,
        )
    except ExlibError as error:
        return ContentFiles("example", {}, secrets, problem=str(error))
    return ContentFiles("example", view.files, secrets, view.notes)


def _traditional(folder_files: Mapping[str, bytes], folder: str) -> ContentFiles:
    try:
        view = traditional_student_files(folder_files, folder=folder)
    except ExlibError as error:
        return ContentFiles("traditional", {}, dict(folder_files), problem=str(error))
    return ContentFiles("traditional", view.files, view.excluded, view.notes)


def _tracking(data: bytes, folder: str) -> Tracking:
    try:
        tracking = Tracking.from_json(data.decode("utf-8"))
    except (ValueError, TypeError, KeyError) as error:  # UnicodeDecodeError is a ValueError
        raise ExlibError(
            f"{folder}/{TRACKING_FILE} is damaged ({error}), so which example it holds is unknown; restore "
            "it from the assignments repository's history, or deploy the content again with overwrite."
        ) from error
    if not isinstance(tracking.example_id, str) or not tracking.example_id:
        raise ExlibError(f"{folder}/{TRACKING_FILE} names no example; deploy the content again with overwrite.")
    return tracking


def _secrets_by_library(
    folder_files: Mapping[str, bytes], tracking: Tracking, stored_meta: StoredMeta
) -> dict[str, bytes]:
    """The folder's secrets by the roles the library's meta.yaml of its version gives its files;
    all but its task text and templates when that cannot be read either."""
    try:
        meta = parse_meta(stored_meta(tracking), folder=tracking.content_path, identifier=tracking.example_id)
    except ExlibError:
        return unreadable_content_secrets(folder_files)
    return example_secrets(folder_files, meta)


def _deployed_meta(folder_files: Mapping[str, bytes], folder: str, identifier: str) -> ExampleMeta:
    """The folder's meta.yaml, read once for both its secrets and its student view."""
    if META_FILE not in folder_files:
        raise ExlibError(f"{folder}/ has no {META_FILE}, so its student files are unknown; deploy the example again.")
    return parse_meta(folder_files[META_FILE], folder=folder, identifier=identifier)
