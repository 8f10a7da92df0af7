"""The run that reads assignments repositories for what happened outside exlib: lecturers' edits,
merged or dropped proposals. The `assignments_repository_changes` sensor only notices which
repositories moved and asks for this run; the reading happens here, with a run log and retries."""

from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.keys import course_content_key
from exlib_assets.defs.deployments.materialize import ASSET_KEY
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.retries import SENSOR_RUN_RETRIES
from exlib_assets.defs.updates.config import ScanConfig

if TYPE_CHECKING:
    from exlib_assets.core.updates.scan import ScanReport


@dg.op(out=dg.Out(dg.Nothing), retry_policy=SENSOR_RUN_RETRIES)
def read_repositories(context: dg.OpExecutionContext, config: ScanConfig, exlib: ExlibResource):
    """Read each course's new commits: mark customizations, follow merged proposals; an observation
    per content whose state changed. A course that cannot be read fails the run after the others."""
    from exlib_assets.core import courses
    from exlib_assets.core.updates.scan import scan_course

    failed = []
    with exlib.open() as app:
        if config.courses:
            slugs = config.courses
        else:
            with app.db.session() as session:
                slugs = [course.slug for course in courses.list_courses(session)]
        for slug in slugs:
            try:
                report = scan_course(app, slug)
            except ExlibError as error:
                context.log.error(f"{slug}: {error}")
                failed.append(slug)
                continue
            for path in report.customized + report.no_longer_customized + report.followed:
                context.log_event(_observation(report, path))
            for problem in report.problems:
                context.log.warning(f"{slug}/{problem}")
            context.log.info(_summary(report))
    if failed:
        raise dg.Failure(description=f"could not read the repositories of {', '.join(failed)}; see the log above.")


def _observation(report: "ScanReport", path: str) -> dg.AssetObservation:
    return dg.AssetObservation(
        asset_key=ASSET_KEY,
        partition=course_content_key(report.course, path),
        description=_change_text(report, path),
        metadata={"commit": report.head or "", "customized": path in report.customized},
    )


def _change_text(report: "ScanReport", path: str) -> str:
    if path in report.followed:
        return f"main now holds a new version (merged in the repository at {report.head})"
    if path in report.customized:
        return "customized by a lecturer"
    return "no longer customized"


def _summary(report: "ScanReport") -> str:
    changes = len(report.customized) + len(report.no_longer_customized) + len(report.followed)
    ended = len(report.proposals_merged) + len(report.proposals_closed)
    return (
        f"{report.course}: main at {report.head or '(empty)'}; {report.files_changed} file(s) changed, "
        f"{len(report.folders_read)} folder(s) read, {changes} change(s), {ended} proposal(s) ended"
    )


@dg.job(tags={"exlib/kind": "repository scan"})
def scan_assignments_repositories():
    """Read the assignments repositories that moved: lecturers' edits become customizations, merged
    proposals move the deployment along, dropped ones are closed."""
    read_repositories()
