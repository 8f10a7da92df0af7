"""B8: the repository sensor's tick over a university's courses, and the scan run it requests."""

import shutil
from functools import partial
from pathlib import Path

import dagster as dg
import sqlalchemy as sa

from bench import plain_git, synthetic
from bench.environment import BenchHome, exlib_resources
from bench.results import Row, WorkloadResult, under
from bench.sizes import Sizes
from bench.timing import measure, measure_once
from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Course
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.defs.updates.scan_job import scan_assignments_repositories
from exlib_assets.defs.updates.sensors import assignments_repository_changes

TARGET_COURSES = 1_000

METHOD = (
    "C courses on the embedded default (local bare repositories), each holding one deployed "
    "example and already read by a scan. One course is deployed for real; the others' "
    "repositories are byte copies of its repository (made, not timed, so that a thousand "
    "courses take seconds to set up), and each is recorded as read at that commit. *Nothing "
    "changed*: one evaluation of "
    "`assignments_repository_changes` (`dg.build_sensor_context` with the instance and "
    "resources), which asks every repository for its branch heads (read from the bare "
    "repositories' ref files here; `git ls-remote`, 16 at a time, for a remote host) and must "
    "skip. *One moved*: a lecturer's commit is pushed to one course first (not timed), the tick "
    "must request one scan run, and that run (`scan_assignments_repositories`, in-process) is "
    "timed apart: it fetches that one repository into a new mirror and reads the changed folder. "
    "No plain-git baseline: plain git has no sensor; `git fetch` per course is what the tick "
    "did before it only asked for heads."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B8", "The repository sensor over a university", METHOD)
    with home.open_separate_app("b8") as app:
        _measure(app, home, sizes, result)
    return result


def _measure(app: App, home: BenchHome, sizes: Sizes, result: WorkloadResult) -> None:
    resources = exlib_resources(app.settings)
    scratch = home.scratch("b8")
    synthetic.import_examples(app, scratch / "library", range(1))
    synthetic.create_course(app, "b8_0000", range(1))
    deploy_course(app, DeployRequest.deploy("b8_0000"))
    template = app.git_host.push_url(courses.repository_names("b8_0000")["assignments"])
    made = 1

    def tick(expect_courses: int) -> dg.RunRequest | None:
        with dg.build_sensor_context(instance=home.instance, resources=resources) as context:
            outcome = assignments_repository_changes(context)
        request = outcome if isinstance(outcome, dg.RunRequest) else None
        requested = request.run_config["ops"]["read_repositories"]["config"]["courses"] if request else []
        if len(requested) != expect_courses:
            raise RuntimeError(f"the tick asked to scan {requested}, expected {expect_courses} course(s)")
        return request

    def scan(request: dg.RunRequest) -> None:
        job = dg.Definitions(jobs=[scan_assignments_repositories], resources=resources).get_job_def(
            scan_assignments_repositories.name
        )
        if not job.execute_in_process(run_config=request.run_config, instance=home.instance).success:
            raise RuntimeError("the scan run failed")

    for count in sizes.b8_courses:
        with app.db.session() as session:
            for number in range(made, count):
                slug = f"b8_{number:04d}"
                courses.create_course(session, app.git_host, slug)
                shutil.rmtree(app.git_host.push_url(f"{slug}-assignments"))
                shutil.copytree(template, app.git_host.push_url(f"{slug}-assignments"))
        made = max(made, count)
        _mark_scanned(app, plain_git.git("rev-parse", "main", cwd=Path(template)).strip())

        def nothing(_: int):
            return lambda: tick(expect_courses=0)

        timings = measure({"none": nothing}, repeats=sizes.repeats, warmups=sizes.warmups)
        moved = f"b8_{count - 1:04d}"
        _push_an_edit(app.git_host.push_url(f"{moved}-assignments"), scratch / f"edit-{count}")
        request = measure_once(lambda: tick(expect_courses=1))
        requested = tick(expect_courses=1)
        scan_run = measure_once(partial(scan, requested))
        nothing_row = Row(f"{count} courses, nothing changed", timings["none"])
        result.rows += [
            nothing_row,
            Row(f"{count} courses, one moved: the tick", request, note="requests one scan run"),
            Row(f"{count} courses, one moved: the scan run", scan_run, note="in-process run, one course read"),
        ]
        if count >= TARGET_COURSES:
            result.verdicts.append(under(2.0, nothing_row))


def _mark_scanned(app: App, head: str) -> None:
    """Every new course read once at `head` (the copies all hold it): the state a running site is in."""
    with app.db.session() as session:
        session.execute(sa.update(Course).where(Course.scanned_commit.is_(None)).values(scanned_commit=head))


def _push_an_edit(remote: str, folder) -> None:
    """A lecturer's commit: one line added to a deployed file, pushed to main."""
    plain_git.git("clone", "-q", remote, str(folder))
    target = next(path for path in sorted(folder.rglob("*.py")) if ".git" not in path.parts)
    target.write_text(target.read_text() + "\n# a lecturer's note\n")
    plain_git.git("commit", "-qam", "a lecturer's note", cwd=folder)
    plain_git.git("push", "-q", "origin", "main", cwd=folder)
