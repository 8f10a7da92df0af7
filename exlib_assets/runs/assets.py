"""Materializing assets in this process, as a selection in the UI would, with the caller's reporter."""

from collections.abc import Mapping, Sequence

import dagster as dg

from exlib_assets.definitions import RESOURCES
from exlib_assets.defs.deployments.progress import REPORTER_KEY, RunReporter
from exlib_assets.runs.quiet import QUIET, console_loggers
from exlib_assets.runs.signals import signal_handlers_kept


def materialize(
    instance: dg.DagsterInstance,
    assets: Sequence[dg.AssetsDefinition],
    *,
    partition_key: str | None = None,
    config: Mapping[dg.AssetsDefinition, dg.Config] | None = None,
    reporter: RunReporter | None = None,
    resources: Mapping[str, object] | None = None,
    tags: Mapping[str, str] | None = None,
    raise_on_error: bool = True,
    console_level: str = QUIET,
) -> dg.ExecuteInProcessResult:
    """One run materializing `assets` (one partition, or all of an unpartitioned selection).

    `config` gives an asset its typed config; `reporter` hears this run only; `resources` replaces
    the definitions' (tests and benchmarks point them at their own state).
    """
    ops = {asset.op.name: asset_config for asset, asset_config in (config or {}).items()}
    with signal_handlers_kept():
        return dg.materialize(
            assets,
            instance=instance,
            partition_key=partition_key,
            resources={**(RESOURCES if resources is None else resources), REPORTER_KEY: reporter or RunReporter()},
            run_config=dg.RunConfig(ops=ops, loggers=console_loggers(console_level)),
            tags=dict(tags or {}),
            raise_on_error=raise_on_error,
        )
