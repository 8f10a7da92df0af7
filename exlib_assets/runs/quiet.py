"""What a run started from this process writes to the terminal."""

# The run's step-by-step log stays in the instance (and the UI); the terminal shows the caller's
# own progress and summary. The callers report every failure themselves, so Dagster's ERROR lines
# (a refused path's failure comes with a stack trace) would only bury that report.
QUIET = "CRITICAL"


def console_loggers(level: str = QUIET) -> dict:
    """The `loggers` part of a run config: Dagster's console logger at `level`."""
    return {"console": {"config": {"log_level": level}}}
