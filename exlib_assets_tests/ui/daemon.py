"""What the Dagster daemon would do between two steps of a lecturer, done at once: evaluate the
sensors that keep courses current and run what they request, against the webserver's instance."""

import dagster as dg

from exlib_assets.definitions import RESOURCES, defs
from exlib_assets.defs.example_browser.sensors import example_browser_refresh
from exlib_assets.defs.lecturer_view.sensors import course_overview_refresh
from exlib_assets.defs.library.sensors import example_version_discovery
from exlib_assets.defs.updates.sensors import assignments_repository_changes, update_availability
from exlib_assets.runs.quiet import console_loggers

# The jobs the job sensors' requests run.
JOBS = {
    update_availability.name: "update_course_contents",
    assignments_repository_changes.name: "scan_assignments_repositories",
}
# What the asset sensors' requests materialize when a request names no assets.
ASSETS = {
    example_version_discovery.name: [dg.AssetKey("example_versions")],
    course_overview_refresh.name: [dg.AssetKey("course_overview")],
}

QUIET_RUN = {"loggers": console_loggers()}

# Sensors whose cursor is kept between ticks, as the daemon keeps it.
_cursors: dict[str, str | None] = {}


def tick(sensor: dg.SensorDefinition, instance: dg.DagsterInstance) -> list[dg.RunRequest]:
    """Evaluate `sensor` once (with its last cursor), add the partitions it asks for and return its
    run requests; asset events it reports are recorded as the daemon records them."""
    with dg.build_sensor_context(instance=instance, resources=RESOURCES, cursor=_cursors.get(sensor.name)) as context:
        result = sensor(context)
        _cursors[sensor.name] = context.cursor
    if isinstance(result, dg.SkipReason):
        return []
    if isinstance(result, dg.RunRequest):
        return [result]
    if result.cursor is not None:
        _cursors[sensor.name] = result.cursor
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    for event in result.asset_events or []:
        instance.report_runless_asset_event(event)
    return list(result.run_requests or [])


def run_requested(sensor: dg.SensorDefinition, instance: dg.DagsterInstance) -> None:
    """Tick `sensor` and run every run it requests, in this process, on `instance`."""
    for request in tick(sensor, instance):
        if sensor.name in JOBS:
            job = defs.resolve_job_def(request.job_name or JOBS[sensor.name])
            result = job.execute_in_process(
                run_config={**(request.run_config or {}), **QUIET_RUN},
                instance=instance,
                tags=request.tags,
                raise_on_error=False,
            )
        else:
            keys = request.asset_selection or ASSETS[sensor.name]
            result = dg.materialize(
                [defs.resolve_assets_def(key) for key in keys],
                instance=instance,
                partition_key=request.partition_key,
                run_config=QUIET_RUN,
                tags=request.tags,
                raise_on_error=False,
            )
        assert result.success, f"the run {sensor.name} requested failed"


def catch_up() -> None:
    """One round of every sensor a lecturer's view depends on, in the order changes flow."""
    with dg.DagsterInstance.get() as instance:
        run_requested(example_version_discovery, instance)
        run_requested(update_availability, instance)
        run_requested(assignments_repository_changes, instance)
        run_requested(course_overview_refresh, instance)
        run_requested(example_browser_refresh, instance)
