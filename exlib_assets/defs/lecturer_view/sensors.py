import hashlib
import json

import dagster as dg

from exlib_assets.defs.lecturer_view.assets import course_overview
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.templates.partitions import course_partitions


@dg.sensor(
    asset_selection=[course_overview],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Notices which courses changed (deployments, flags, edits, proposals, assignments, template "
    "builds; from the UI, the CLI, the API, a sensor or the repository scan) and requests a course_overview "
    "run for each, so the view is current within a minute.",
)
def course_overview_refresh(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    from exlib_assets.core.lecturer_view.signals import course_signals

    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    with exlib.open() as app, app.db.session() as session:
        signals = course_signals(session)
    changed = sorted(slug for slug, signal in signals.items() if seen.get(slug) != signal)
    if not changed:
        return dg.SkipReason(f"no change in {len(signals)} course(s)")
    known = set(context.instance.get_dynamic_partitions(course_partitions.name))
    new_courses = [slug for slug in changed if slug not in known]
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                partition_key=slug,
                # The same state of a course is shown once, however many ticks see it.
                run_key=f"overview:{slug}:{hashlib.sha256(signals[slug].encode()).hexdigest()[:16]}",
                tags={"exlib/course": slug, "exlib/trigger": "course changed"},
            )
            for slug in changed
        ],
        dynamic_partitions_requests=[course_partitions.build_add_request(new_courses)] if new_courses else [],
        cursor=json.dumps(signals, sort_keys=True),
    )
