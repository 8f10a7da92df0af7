"""The state a lecturer finds after `scripts/run.sh` and a first deployment of week 1: the sample
library indexed by its `example_versions` runs, week 1 of the sample course deployed, and the
partitions of the course's other contents waiting to be deployed."""

import dagster as dg
from click.testing import CliRunner

from exlib_assets.cli.main import cli
from exlib_assets.core.sample import SAMPLE_COURSE_SLUG
from exlib_assets.definitions import RESOURCES
from exlib_assets.defs.deployments.sensors import course_content_partitions_sync
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.sensors import example_version_discovery
from exlib_assets.runs.assets import materialize

WEEK1 = ["week1.hello_world", "week1.strings_util", "week1.fibonacci"]


def seed_sample_state() -> None:
    """Build that state under EXLIB_HOME, with Dagster's instance in DAGSTER_HOME (both set by the caller)."""
    exlib("sample", "seed")
    with dg.DagsterInstance.get() as instance:
        # What the daemon does with the two sensors' first ticks, done here without waiting for it.
        for request in tick(example_version_discovery, instance):
            materialize(instance, [example_versions], partition_key=request.partition_key)
    exlib("deploy", SAMPLE_COURSE_SLUG, *WEEK1)
    with dg.DagsterInstance.get() as instance:
        tick(course_content_partitions_sync, instance)


def exlib(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, f"exlib {' '.join(args)} failed:\n{result.output}"


def tick(sensor: dg.SensorDefinition, instance: dg.DagsterInstance) -> list[dg.RunRequest]:
    """Evaluate `sensor` once, add the partitions it asks for and return its run requests."""
    with dg.build_sensor_context(instance=instance, resources=RESOURCES) as context:
        result = sensor(context)
    if isinstance(result, dg.SkipReason):
        return []
    for request in result.dynamic_partitions_requests:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    return list(result.run_requests or [])
