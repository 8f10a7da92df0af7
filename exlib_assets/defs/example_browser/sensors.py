import hashlib
import json

import dagster as dg

from exlib_assets.defs.example_browser.assets import example_catalog, example_version_pages
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.resources import ExlibResource


@dg.sensor(
    asset_selection=[example_catalog, example_version_pages],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Refreshes example_catalog when a version is indexed or a deployment changes (where examples "
    "are used), and writes the page of every version indexed since it last looked.",
)
def example_browser_refresh(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    from exlib_assets.core.lecturer_view.example_browser import usage_signal, versions_after

    cursor = json.loads(context.cursor) if context.cursor else {"version_id": 0, "signal": ""}
    with exlib.open() as app, app.db.session() as session:
        keys = versions_after(session, cursor["version_id"])
        usage = usage_signal(session)
    # A version the discovery sensor has not given a partition yet is paged on a later tick.
    known = set(context.instance.get_dynamic_partitions(example_version_partitions.name))
    waiting = [version_id for version_id, key in keys.items() if key not in known]
    paged_up_to = min(waiting) - 1 if waiting else max(keys, default=cursor["version_id"])
    signal = f"{paged_up_to}|{usage}"
    if signal == cursor["signal"]:
        return dg.SkipReason("no version indexed and no deployment changed")
    requests = [
        dg.RunRequest(
            asset_selection=[example_catalog.key],
            run_key=f"catalog:{hashlib.sha256(signal.encode()).hexdigest()[:16]}",
        )
    ] + [
        dg.RunRequest(asset_selection=[example_version_pages.key], partition_key=key, run_key=f"page:{key}")
        for version_id, key in keys.items()
        if cursor["version_id"] < version_id <= paged_up_to
    ]
    return dg.SensorResult(run_requests=requests, cursor=json.dumps({"version_id": paged_up_to, "signal": signal}))
