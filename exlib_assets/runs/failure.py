"""Why a run failed, in the words of the op that failed."""

from collections.abc import Iterable

import dagster as dg


def run_failure(result: dg.ExecuteInProcessResult) -> str:
    """Why a run failed, as the op said it (the innermost error's message), and where to look."""
    return failure_of(result.all_events, result.run_id)


def failure_of(events: Iterable[dg.DagsterEvent], run_id: str) -> str:
    """The same, from a run's events as the instance stored them (a run that ran elsewhere)."""
    message = None
    for event in events:
        if event.event_type_value != "STEP_FAILURE":
            continue
        data = event.step_failure_data
        if data.user_failure_data is not None and data.user_failure_data.description:
            message = data.user_failure_data.description
        else:
            error = data.error
            while error is not None and error.cause is not None:
                error = error.cause
            message = error.message.strip() if error else None
        break
    where = f"run {run_id}; its log in the Dagster UI has the details"
    return f"{message} ({where})" if message else f"the run failed before doing any work ({where})"
