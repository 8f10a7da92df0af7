"""An admin's decision on a pre-release contribution: publish it as the next version, or drop it."""

import sqlalchemy as sa

from exlib_assets.core import library_index
from exlib_assets.core.app import App
from exlib_assets.core.contributions.lookup import require_open
from exlib_assets.core.contributions.proposed_files import next_release, with_version
from exlib_assets.core.contributions.report import ContributionView, view_of
from exlib_assets.core.contributions.settle import bring_contributor_up, record_decision
from exlib_assets.core.contributions.source_branch import delete_branch, merge_branch
from exlib_assets.core.db.models import (
    Contribution,
    Deployment,
    ExampleVerification,
    ExampleVersion,
    LibrarySource,
)
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.library_sources.registry import require_source
from exlib_assets.core.library_sources.sync import sync_source
from exlib_assets.core.loaded_example import load_stored_example
from exlib_assets.core.storage import META_FILE


def accept(app: App, reference: str, *, actor: str = "exlib") -> ContributionView:
    """Publish contribution `reference` as its example's next final version; the contributing course then holds it.

    A pre-release is published by exlib; a source branch is merged into the source (fast-forward
    only) and the source synced, which publishes it as any version authored there."""
    with app.db.session() as session:
        row = require_open(session, reference)
        contribution_id, identifier, prerelease = row.id, row.example_identifier, row.proposed_version
        kind, branch = row.kind, row.branch
        if kind == "branch":
            source = require_source(session, app, row.source_name)
            session.expunge(source)
    if kind == "branch":
        return _accept_branch(app, source, branch, reference, contribution_id, actor)
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        tags = [v.tag for v in library_index.require_example(session, library, identifier).versions]
    release = next_release(tags)
    files = app.storage.read_version(identifier, prerelease)
    files[META_FILE] = with_version(files[META_FILE], release)
    example = load_stored_example(identifier, release, files)
    imported = app.library.import_loaded([example])
    if imported.failed:
        raise ExlibError(f"{identifier}@{release} could not be published: {imported.failed[0]['error']}")
    with app.db.session() as session:
        row = require_open(session, reference)
        record_decision(session, row, actor, accepted_version=release)
    outcome = bring_contributor_up(app, contribution_id, actor)
    with app.db.session() as session:
        return _view(session, contribution_id, outcome)


def _accept_branch(
    app: App, source: LibrarySource, branch: str, reference: str, contribution_id: int, actor: str
) -> ContributionView:
    merge_branch(app, source, branch)
    report = sync_source(app, source.name, actor=actor)
    with app.db.session() as session:
        row = session.get(Contribution, contribution_id)
        if row.status != "accepted":
            problems = "; ".join(entry["error"] for entry in report.failed) or "the version was not imported"
            raise ExlibError(
                f"{branch} was merged into {source.branch} of source {source.name!r}, but the sync did not publish "
                f"{reference}: {problems}. Fix it in the source and sync again."
            )
        return _view(session, contribution_id, "brought up to the version by the sync")


def reject(app: App, reference: str, *, actor: str = "exlib") -> ContributionView:
    """Drop contribution `reference`: a pre-release leaves the library (storage and index), a source
    branch is deleted; the course keeps its edits."""
    with app.db.session() as session:
        row = require_open(session, reference)
        kind, branch = row.kind, row.branch
        if kind == "branch":
            source = require_source(session, app, row.source_name)
            session.expunge(source)
    if kind == "branch":
        delete_branch(app, source, branch)
        with app.db.session() as session:
            row = require_open(session, reference)
            record_decision(session, row, actor)
            session.flush()
            return _view(session, row.id, None)
    with app.db.session() as session:
        row = require_open(session, reference)
        version = _version_row(session, app, row.example_identifier, row.proposed_version)
        if version is not None:
            holders = session.scalars(sa.select(Deployment).where(Deployment.example_version_id == version.id)).all()
            if holders:
                where = ", ".join(f"{d.content.course.slug}/{d.content.path}" for d in holders)
                raise ExlibError(
                    f"{reference} is deployed in {where}; deploy another version there first, then reject it."
                )
        identifier, prerelease = row.example_identifier, row.proposed_version
    # Storage first: if the database step fails, running reject again finds the row and finishes.
    app.storage.delete_version(identifier, prerelease)
    with app.db.session() as session:
        row = require_open(session, reference)
        version = _version_row(session, app, identifier, prerelease)
        if version is not None:
            _forget_version(session, version)
        record_decision(session, row, actor)
        session.flush()
        return _view(session, row.id, None)


def _version_row(session, app: App, identifier: str, tag: str) -> ExampleVersion | None:
    library = library_index.get_or_create_library(session, app.storage.library)
    example = library_index.find_example(session, library, identifier)
    return library_index.find_version(example, tag) if example else None


def _forget_version(session, version: ExampleVersion) -> None:
    """Remove a never-deployed version from the index, with every pointer to it."""
    for column in (Deployment.update_available_version_id, Deployment.dismissed_version_id):
        session.execute(sa.update(Deployment).where(column == version.id).values({column.key: None}))
    session.execute(sa.delete(ExampleVerification).where(ExampleVerification.version_id == version.id))
    session.delete(version)


def _view(session, contribution_id: int, outcome: str | None) -> ContributionView:
    view = view_of(session.get(Contribution, contribution_id))
    view.course_outcome = outcome
    return view
