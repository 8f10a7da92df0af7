"""A code location holding one asset that does nothing: the yardstick of B6. A run of it
launched through the webserver pays what any launched run pays (a new process importing
Dagster, the run's events, the step) and nothing of exlib's."""

import dagster as dg

FLOOR_JOB = "do_nothing"


@dg.asset
def does_nothing() -> dg.MaterializeResult:
    return dg.MaterializeResult()


defs = dg.Definitions(assets=[does_nothing], jobs=[dg.define_asset_job(FLOOR_JOB, selection=[does_nothing])])
