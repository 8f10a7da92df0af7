"""`deployment_activity`: per day and course, how many paths changed, how many failed, and
how long the runs took.

Counted from the deployment history: a path *deployed* is one whose folder changed on `main`
(deployed, merged or removed); a *failure* is a path that failed or met a conflict. A run is
one call of the deployer for one course; its duration is from reading the request to
recording the result, and the median is over the runs of that day.
"""

import pandas as pd

from exlib_assets.core.analytics.sources import Sources
from exlib_assets.core.deployments.outcomes import CHANGING

FAILURES = ("failed", "conflict")
ACTIVITY_COLUMNS = ["day", "course", "deployments", "failures", "runs", "median_duration_seconds"]


def deployment_activity(sources: Sources) -> pd.DataFrame:
    history = sources.history
    history = history[history["event"].isin(CHANGING + FAILURES)].copy()
    if history.empty:
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    history["day"] = history["at"].dt.date
    history["deployed"] = history["event"].isin(CHANGING)
    history["failed"] = history["event"].isin(FAILURES)
    details = history["details"].apply(lambda value: value or {})
    history["batch"] = details.apply(lambda value: value.get("batch"))
    history["run_seconds"] = details.apply(lambda value: value.get("run_seconds"))
    counts = history.groupby(["day", "course"]).agg(
        deployments=("deployed", "sum"), failures=("failed", "sum"), runs=("batch", "nunique")
    )
    # One duration per run, however many paths it wrote.
    runs = history.dropna(subset=["batch"]).drop_duplicates(["day", "course", "batch"])
    durations = runs.groupby(["day", "course"])["run_seconds"].median().rename("median_duration_seconds")
    frame = counts.join(durations).reset_index()
    frame[["deployments", "failures", "runs"]] = frame[["deployments", "failures", "runs"]].astype(int)
    frame["median_duration_seconds"] = frame["median_duration_seconds"].round(3)
    return frame[ACTIVITY_COLUMNS].sort_values(["day", "course"]).reset_index(drop=True)
