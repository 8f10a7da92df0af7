"""Turn a course content's customization into a proposed next version of its example.

The proposed files are the version the course holds with the lecturer's changed files (as the
change scan lists them) taken from the assignments repository's `main`, and `version` bumped in
meta.yaml. With a git library source behind that version, they go to a branch in the source;
without one they become a pre-release `<next>-contrib.<n>` in the library that an admin accepts
or rejects. Every check of an import applies before anything is written.
"""

from dataclasses import replace

import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.contributions.merge_request import gitlab_project, merge_request_text, open_merge_request
from exlib_assets.core.contributions.proposed_files import (
    apply_changes,
    next_release,
    prerelease_tag,
    with_version,
)
from exlib_assets.core.contributions.report import ContributionView, view_of
from exlib_assets.core.contributions.source_branch import contribution_branch, find_source_folder, push_branch
from exlib_assets.core.course_paths import folder_of
from exlib_assets.core.db.models import Contribution, DeploymentEvent, LibrarySource
from exlib_assets.core.deployments.tracking import own_files
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.failpoints import failpoint
from exlib_assets.core.loaded_example import LoadedExample, load_stored_example
from exlib_assets.core.safety import check_file_set
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.updates.scan import mirror_of, scan_course


def contribute(app: App, slug: str, path: str, *, message: str | None = None, actor: str = "exlib") -> ContributionView:
    """Propose the customization of content `path` of course `slug` as its example's next version."""
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        courses.require_content(session, course, path)
    scan_course(app, slug)  # the customization as `main` holds it now
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        content = courses.require_content(session, course, path)
        row = content.deployment
        if row is None or row.example_version is None or row.status == "removed":
            raise NotFoundError(
                f"{slug}/{path} holds no deployed example, so there is nothing to contribute; "
                f"deploy it first (`exlib deploy {slug} {path}`)."
            )
        changes = list(row.customized_files or [])
        base = row.example_version
        identifier, base_tag = base.example.identifier, base.tag
        if not changes:
            raise ExlibError(
                f"{slug}/{path} holds {identifier}@{base_tag} exactly as the library has it: nothing is customized, "
                "so there is nothing to contribute. Commit your changes to its folder on `main` first; "
                f"`exlib status {slug}` lists what counts as customized."
            )
        _refuse_second_open(session, course.id, path)
        tags = [version.tag for version in base.example.versions]
        source = _source_of(session, app, base.source_name)
        unrecorded = _unrecorded_prereleases(session, base.example.versions, identifier)
    present = _folder_files(app, slug, path)
    files = apply_changes(app.storage.read_version(identifier, base_tag), present, changes)
    release = next_release(tags)
    proposed = release if source is not None else prerelease_tag(release, tags)
    # A run that stored its pre-release and died before recording it left that version behind:
    # the same files again take it over rather than leave it orphaned under a new number.
    for tag, digest in unrecorded.items():
        if source is None and tag.startswith(f"{release}-contrib."):
            earlier = _checked(
                app, identifier, tag, {**files, META_FILE: with_version(files[META_FILE], tag)}, f"{slug}/{path}"
            )
            if earlier.digest == digest:
                proposed = tag
                break
    files[META_FILE] = with_version(files[META_FILE], proposed)
    example = _checked(app, identifier, proposed, files, f"{slug}/{path}")
    title = message or f"{identifier}: changes from {slug}/{path}"
    contribution = Contribution(
        content_path=path,
        example_identifier=identifier,
        base_version=base_tag,
        proposed_version=proposed,
        files=changes,
        digest=example.digest,
        message=message,
        actor=actor,
    )
    if source is not None:
        folder = find_source_folder(source, identifier)
        if folder is None:
            raise ExlibError(
                f"library source {source.name!r} no longer has a folder holding {identifier} (as of its last sync); "
                f"sync it (`exlib library source sync {source.name}`) and contribute again."
            )
        branch = contribution_branch(identifier, proposed)
        push_branch(
            app,
            source,
            folder,
            files,
            branch=branch,
            message=f"{title}\n\n{identifier} {base_tag} -> {proposed}, contributed by {actor} from course {slug} "
            f"({path}).\nFiles: {', '.join(changes)}\n",
            author=actor,
        )
        contribution.kind, contribution.source_name, contribution.branch = "branch", source.name, branch
        project = gitlab_project(app, source)
        if project is not None:
            server, project_path, token = project
            contribution.merge_request_url = open_merge_request(
                server,
                token,
                project_path,
                branch,
                target=source.branch,
                title=title,
                description=merge_request_text(identifier, base_tag, proposed, slug, path, actor, changes, message),
            )
    else:
        imported = app.library.import_loaded([example])
        if imported.failed:
            raise ExlibError(imported.failed[0]["error"])
        contribution.kind = "prerelease"
    failpoint("contribute.proposed")
    with app.db.session() as session:
        course = courses.require_course(session, slug)
        contribution.course_id = course.id
        session.add(contribution)
        session.add(
            DeploymentEvent(
                course_id=course.id,
                content_path=path,
                event="contributed",
                example_identifier=identifier,
                from_version=base_tag,
                to_version=proposed,
                actor=actor,
                details={
                    "files": changes,
                    "kind": contribution.kind,
                    "branch": contribution.branch,
                    "source": contribution.source_name,
                    "message": message,
                },
            )
        )
        session.flush()
        session.refresh(contribution)
        return view_of(contribution)


def _unrecorded_prereleases(session, versions, identifier: str) -> dict[str, str]:
    """Pre-release versions of the example no contribution names (tag -> digest)."""
    recorded = set(
        session.scalars(sa.select(Contribution.proposed_version).where(Contribution.example_identifier == identifier))
    )
    return {v.tag: v.digest for v in versions if "-contrib." in v.tag and v.tag not in recorded}


def _refuse_second_open(session, course_id: int, path: str) -> None:
    waiting = session.scalar(
        sa.select(Contribution).where(
            Contribution.course_id == course_id, Contribution.content_path == path, Contribution.status == "open"
        )
    )
    if waiting is not None:
        raise ExlibError(
            f"{path} has a contribution waiting already ({waiting.example_identifier}@{waiting.proposed_version}); "
            "it must be accepted or rejected before this content contributes again."
        )


def _source_of(session, app: App, name: str | None) -> LibrarySource | None:
    """The library source a version came from, detached, or None (imported from a folder, or source removed)."""
    if name is None:
        return None
    source = session.scalar(
        sa.select(LibrarySource).where(LibrarySource.name == name, LibrarySource.library == app.storage.library)
    )
    if source is not None:
        session.expunge(source)
    return source


def _folder_files(app: App, slug: str, path: str) -> dict[str, bytes]:
    """The files of the content's folder on `main`, as the scan just fetched them."""
    mirror = mirror_of(app, slug)
    head = mirror.head()
    if head is None:
        raise NotFoundError(f"the assignments repository of {slug} has no `main`; deploy the course first.")
    listing = own_files(mirror.files_under(head, folder_of(path)))
    blobs = mirror.read_blobs(listing.values())
    return {relpath: blobs[sha] for relpath, sha in listing.items()}


def _checked(app: App, identifier: str, version: str, files: dict[str, bytes], where: str) -> LoadedExample:
    """The proposed version, through the same checks as an import; nothing is written when one fails."""
    try:
        check_file_set(files, app.library.limits, where=f"the contribution from {where}")
        example = load_stored_example(identifier, version, files)
    except ExlibError as error:
        raise ExlibError(
            f"the changes in {where} do not make a valid version of {identifier}: {error} Fix them on `main` and "
            "contribute again."
        ) from error
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        problems = library_index.dependency_problems(session, library, example)
    if problems:
        raise ExlibError(f"the contribution from {where}: " + "; ".join(problems) + ".")
    return replace(example, source=where)
