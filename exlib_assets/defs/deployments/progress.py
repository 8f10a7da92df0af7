"""How a run reports back to whoever started it in this process: the `reporter` resource.

The definitions hold a `RunReporter` that does nothing, so a run launched from the UI, a sensor
or a schedule only writes its progress to the run's log. A caller that starts a run in this
process (`exlib deploy`'s progress bar, the HTTP API's run status) hands its own reporter to that
one run as the `reporter` resource (`execute_in_process(resources=...)`,
`dg.materialize(resources=...)`). Each run holds its own, so runs side by side never see each
other's reports, and nothing is left behind when the run ends.
"""

from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome

if TYPE_CHECKING:
    from exlib_assets.core.templates.builder import TemplateReport

REPORTER_KEY = "reporter"


class RunReporter:
    """Hears what a run did. This one ignores everything; a caller overrides what it wants to hear."""

    def path_done(self, course: str, outcome: PathOutcome, done: int, total: int) -> None:
        """A deployment run (deploy, update, rollback, the asset) prepared one path of `course`."""

    def course_done(self, report: DeployReport) -> None:
        """A deployment or preview run finished `course`: the final word per path, after the commit."""

    def course_failed(self, course: str, error: str) -> None:
        """A deployment run deployed nothing of `course`, for `error`."""

    def template_done(self, report: "TemplateReport") -> None:
        """A student_templates run built (and pushed) the template."""


# How an op or asset asks for it: a plain Python object, so that a caller can pass any subclass.
Reporter = dg.ResourceParam[RunReporter]


def default_reporter() -> dg.ResourceDefinition:
    """The definitions' reporter: nobody is listening, progress goes to the run's log only."""
    return dg.ResourceDefinition.hardcoded_resource(
        RunReporter(),
        description="Where a run started in process (exlib deploy, the HTTP API) reports its progress; "
        "nobody for runs launched here, which log it instead.",
    )
