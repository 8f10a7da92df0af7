"""Course jobs start with their typed config only."""

import dagster as dg
import pytest

from exlib_assets.definitions import defs
from exlib_assets.defs.deployments.config import DeployConfig
from exlib_assets.defs.updates.config import RollbackConfig, UpdateConfig
from exlib_assets.runs.course_jobs import DEPLOY, PREVIEW, ROLLBACK, UPDATE, start_course_job


@pytest.mark.parametrize(
    ("job", "config"),
    [
        (PREVIEW, DeployConfig(course="prog1")),
        (DEPLOY, DeployConfig(course="prog1", paths=["week1.base"], overwrite=True)),
        (UPDATE, UpdateConfig(course="prog1", strategy="merge")),
        (ROLLBACK, RollbackConfig(course="prog1", path="week1.base")),
    ],
)
def test_each_course_job_takes_its_typed_config(job, config):
    # Dagster checks the run config against the job's own schema: the op named takes this config.
    validated = dg.validate_run_config(defs.get_job_def(job.name), job.run_config(config).to_config_dict())

    assert validated["ops"][job.op]["config"]["course"] == "prog1"


def test_a_config_of_another_job_is_refused_before_any_run(instance):
    with pytest.raises(TypeError, match="deploy_course_contents job takes a DeployConfig, not a UpdateConfig"):
        start_course_job(instance, DEPLOY, UpdateConfig(course="prog1"), tags={})

    assert instance.get_runs() == []
