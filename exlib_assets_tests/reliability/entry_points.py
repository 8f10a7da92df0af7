"""The ways bad input reaches exlib, each run as its user runs it, answering with a Refusal.

CLI commands run through click as typed; Dagster entry points run as real materializations or
sensor ticks on a test instance. A crash (an exception other than the command's own clear exit)
is not a refusal: it escapes and fails the test with its traceback.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg

from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.deployments.partitions import course_content_partitions
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.library.sensors import example_version_discovery
from exlib_assets.runs.failure import run_failure
from exlib_assets_tests.reliability.scene import Scene


@dataclass(frozen=True)
class Refusal:
    """What an entry point answered: whether it refused the input, and what the user reads."""

    refused: bool
    message: str


def command(*words: str) -> Callable[[Scene, list[str]], Refusal]:
    """`exlib WORDS ARGS`: refused means a non-zero exit; the message is what the terminal shows."""

    def run(scene: Scene, args: list[str]) -> Refusal:
        result = scene.cli(*words, *args)
        return Refusal(result.exit_code != 0, result.output)

    return run


def example_versions_materialization(scene: Scene, key: str) -> Refusal:
    """Materialize partition `key` of example_versions, as the discovery sensor's run (or the UI)
    does for a version copied into storage. Refused means the run failed, or a check failed with
    severity ERROR and the version was not indexed."""
    scene.instance.add_dynamic_partitions(example_version_partitions.name, [key])
    result = dg.materialize(
        [example_versions],
        partition_key=key,
        instance=scene.instance,
        resources=scene.dagster_resources,
        raise_on_error=False,
    )
    if not result.success:
        return Refusal(True, run_failure(result))
    [materialization] = result.asset_materializations_for_node("example_versions")
    failed = [
        f"{check.check_name}: {check.description}"
        for check in result.get_asset_check_evaluations()
        if not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    ]
    return Refusal(bool(failed) and materialization.metadata["indexed"].value == "refused", "\n".join(failed))


def course_content_materialization(scene: Scene, key: str) -> Refusal:
    """Materialize partition `key` of course_content_deployments, for a key added by hand (the
    UI and the API let anyone add one). Refused means the run failed."""
    scene.instance.add_dynamic_partitions(course_content_partitions.name, [key])
    result = dg.materialize(
        [course_content_deployments],
        partition_key=key,
        instance=scene.instance,
        resources=scene.dagster_resources,
        raise_on_error=False,
    )
    return Refusal(not result.success, "" if result.success else run_failure(result))


def discovery_tick(scene: Scene, folder: str) -> Refusal:
    """One tick of example_version_discovery; refused means the storage folder `folder`
    (`identifier/version`) got no partition and no run, and the tick's log says why."""
    warnings = _LogLines()
    with dg.build_sensor_context(instance=scene.instance, resources=scene.dagster_resources) as context:
        context.log.addHandler(warnings)
        result = example_version_discovery(context)
    requested = [] if isinstance(result, dg.SkipReason) else [r.partition_key for r in result.run_requests]
    added = scene.instance.get_dynamic_partitions(example_version_partitions.name)
    ignored = not any(folder.replace("/", "@") in key for key in [*requested, *added])
    return Refusal(ignored and bool(warnings.lines), "\n".join(warnings.lines))


class _LogLines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


# The entry point of each case, by the name the RELIABILITY.md table shows.
ENTRY_POINTS: dict[str, Callable] = {
    "exlib library import": command("library", "import"),
    "exlib course create": command("course", "create"),
    "exlib course add-content": command("course", "add-content"),
    "exlib assign": command("assign"),
    "exlib deploy": command("deploy"),
    "example_versions materialization": example_versions_materialization,
    "course_content_deployments materialization": course_content_materialization,
    "example_version_discovery sensor": discovery_tick,
}
