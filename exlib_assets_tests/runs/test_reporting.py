"""A run's report comes back through the reporter the caller gives that one run: runs side by
side never see each other's reports, and a run nobody listens to (the UI's) logs its progress."""

import threading
from concurrent.futures import ThreadPoolExecutor

import dagster as dg

from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.core.updates.status import status_of_contents
from exlib_assets.definitions import defs
from exlib_assets.defs.deployments.config import DeployConfig
from exlib_assets.defs.deployments.progress import RunReporter
from exlib_assets.runs.course_jobs import DEPLOY
from exlib_assets.runs.course_run import run_course_job
from exlib_assets_tests.runs.conftest import CONTENTS

WAIT_S = 120


class Recorder(RunReporter):
    """Everything one run reported. On its first path it says so (`working`) and, if given
    `wait_for`, holds its run there until that other run has prepared a path too."""

    def __init__(self, wait_for: threading.Event | None = None):
        self.working = threading.Event()
        self.wait_for = wait_for
        self.paths: list[tuple[str, str]] = []
        self.reports: list[DeployReport] = []
        self.saw_the_other_working = False

    def path_done(self, course: str, outcome: PathOutcome, done: int, total: int) -> None:
        self.paths.append((course, outcome.path))
        self.working.set()
        if self.wait_for is not None and not self.saw_the_other_working:
            self.saw_the_other_working = self.wait_for.wait(WAIT_S)

    def course_done(self, report: DeployReport) -> None:
        self.reports.append(report)


def test_two_runs_at_once_each_report_to_their_own_caller(app, two_courses, instance, exlib_resources):
    second = Recorder()
    first = Recorder(wait_for=second.working)
    recorders = dict(zip(two_courses, (first, second), strict=True))

    def deploy(slug: str):
        return run_course_job(
            instance, DEPLOY, DeployConfig(course=slug), watcher=recorders[slug], resources=exlib_resources
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        first_run = pool.submit(deploy, "prog1")
        # The second run starts while the first is held in the middle of its work. (Starting both at
        # the same instant can deadlock inside Dagster: a run's start re-applies the instance's logging
        # configuration while the other run writes an event; see api/runs.py.)
        assert first.working.wait(WAIT_S)
        second_run = pool.submit(deploy, "prog2")
        runs = {"prog1": first_run.result(), "prog2": second_run.result()}

    # The first run was still working when the second reported its first path.
    assert first.saw_the_other_working
    for slug, recorder in recorders.items():
        assert sorted(recorder.paths) == [(slug, path) for path in sorted(CONTENTS)]
        [report] = recorder.reports
        assert report.course == slug
        assert {o.path: o.status for o in report.outcomes} == dict.fromkeys(CONTENTS, "deployed")
        assert runs[slug].report is report and runs[slug].ok
        assert instance.get_run_by_id(runs[slug].run_id).tags["exlib/course"] == slug
    assert runs["prog1"].run_id != runs["prog2"].run_id


def test_a_run_nobody_listens_to_works_and_logs_each_path(app, two_courses, instance, exlib_resources):
    # As the Launchpad starts it: the code location's job with the definitions' own reporter.
    result = defs.get_job_def(DEPLOY.name).execute_in_process(
        run_config=dg.RunConfig(ops={DEPLOY.op: DeployConfig(course="prog1", paths=["week1.base"])}),
        instance=instance,
        resources=exlib_resources,
    )

    assert result.success
    messages = [event.user_message for event in instance.all_logs(result.run_id)]
    assert any(message.startswith("[1/1] prog1/week1.base: deployed test.base@1.0") for message in messages), messages
    deployed = {c.path: c.deployed for c in status_of_contents(app, "prog1", refresh=False).contents}
    assert deployed == {"week1.base": "1.0", "week2.alone": None}
