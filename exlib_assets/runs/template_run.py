"""One student template build started in this process (the `student_templates` partition of a
course), its report back."""

import getpass

import dagster as dg

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.templates.builder import TemplateReport
from exlib_assets.defs.deployments.progress import RunReporter
from exlib_assets.defs.templates.assets import TemplateConfig, student_templates
from exlib_assets.defs.templates.partitions import course_partition_sync
from exlib_assets.runs.assets import materialize
from exlib_assets.runs.course_run import COURSE_TAG
from exlib_assets.runs.failure import run_failure


class TemplateReportCollector(RunReporter):
    def __init__(self) -> None:
        self.report: TemplateReport | None = None

    def template_done(self, report: TemplateReport) -> None:
        self.report = report


def run_template(instance: dg.DagsterInstance, slug: str, config: TemplateConfig) -> tuple[TemplateReport, str]:
    """Materialize the `student_templates` partition of `slug` with `config`; the report and run id.

    Raises ExlibError, with the run's failure, when the run built nothing.
    """
    course_partition_sync.add(instance, [slug])
    collector = TemplateReportCollector()
    result = materialize(
        instance,
        [student_templates],
        partition_key=slug,
        config={student_templates: config},
        reporter=collector,
        tags={"user": getpass.getuser(), COURSE_TAG: slug},
        raise_on_error=False,
    )
    if collector.report is None:
        raise ExlibError(run_failure(result))
    return collector.report, result.run_id
