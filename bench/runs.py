"""Real Dagster materializations of the project's assets (what a selection in the UI starts),
run in this process on the bench home's instance, through the same run layer as the CLI."""

import dagster as dg

from exlib_assets.core.keys import course_content_key
from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.deployments.partition_sync import add_content_partitions
from exlib_assets.defs.deployments.partitions import course_content_partitions
from exlib_assets.defs.templates.assets import TemplateConfig, student_templates
from exlib_assets.defs.templates.partitions import course_partition_sync
from exlib_assets.runs.assets import materialize

# The step-by-step log goes to the instance as always; the terminal keeps only warnings.
CONSOLE_LEVEL = "WARNING"


def content_keys(instance: dg.DagsterInstance, slug: str, paths: list[str]) -> list[str]:
    """The partitions of `paths` of course `slug`, added to the instance (as the assign job does)."""
    keys = [course_content_key(slug, path) for path in sorted(paths)]
    add_content_partitions(instance, keys)
    return keys


def materialize_contents(instance: dg.DagsterInstance, resources: dict, keys: list[str]) -> dg.ExecuteInProcessResult:
    """One run materializing the contiguous partitions `keys` of course_content_deployments
    (a selection in the UI is one run: the asset's backfill policy is single_run)."""
    result = materialize(
        instance,
        [course_content_deployments],
        resources=resources,
        console_level=CONSOLE_LEVEL,
        **_selection(keys),
    )
    _require_success(result, f"deploying {keys[0]} .. {keys[-1]}")
    return result


@dg.asset(
    partitions_def=course_content_partitions, backfill_policy=dg.BackfillPolicy.single_run(), output_required=False
)
def does_nothing(context: dg.AssetExecutionContext):
    """A partitioned asset with no work, shaped as course_content_deployments is (one run over a
    range, one materialization per partition): what any run over the same partitions costs on
    this instance, Dagster's own floor."""
    for key in context.partition_keys:
        yield dg.AssetMaterialization(asset_key=context.asset_key, partition=key)


def materialize_nothing(instance: dg.DagsterInstance, keys: list[str]) -> None:
    """One run materializing the contiguous partitions `keys` of an asset that does nothing."""
    result = materialize(instance, [does_nothing], resources={}, console_level=CONSOLE_LEVEL, **_selection(keys))
    _require_success(result, "does_nothing")


def _selection(keys: list[str]) -> dict:
    if len(keys) == 1:
        return {"partition_key": keys[0]}
    return {"tags": {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}}


def materialize_template(instance: dg.DagsterInstance, resources: dict, slug: str) -> dg.ExecuteInProcessResult:
    """One run materializing course `slug`'s partition of student_templates."""
    course_partition_sync.add(instance, [slug])
    result = materialize(
        instance,
        [student_templates],
        partition_key=slug,
        config={student_templates: TemplateConfig()},
        resources=resources,
        console_level=CONSOLE_LEVEL,
    )
    _require_success(result, f"the student template of {slug}")
    return result


def _require_success(result: dg.ExecuteInProcessResult, what: str) -> None:
    if not result.success:
        raise RuntimeError(f"the benchmark run for {what} failed: see run {result.run_id} in the instance")
