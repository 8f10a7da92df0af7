"""A code location holding one asset that does nothing: the yardstick of B6. A run of it
launched through the webserver pays what any launched run pays (a new process importing
Dagster, the run's events, the step) and nothing of exlib's."""

import dagster as dg

FLOOR_JOB = "do_nothing"


@dg.asset
def does_nothing() -> dg.MaterializeResult:
    return dg.MaterializeResult()


# Executed as exlib's jobs are, in the run's own process (Dagster's default would start another
# process for the step, which is not what the yardstick is for).
defs = dg.Definitions(
    assets=[does_nothing],
    jobs=[dg.define_asset_job(FLOOR_JOB, selection=[does_nothing])],
    executor=dg.in_process_executor,
)
