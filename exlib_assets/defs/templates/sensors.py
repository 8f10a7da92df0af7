import dagster as dg

from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.templates.assets import student_templates
from exlib_assets.defs.templates.partitions import course_partition_sync


@dg.sensor(
    asset_selection=[student_templates],
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Rebuilds a course's student template after its deployments change, when the "
    "course's template policy is `auto`; other courses' templates are left alone.",
)
def student_template_rebuilds(context: dg.SensorEvaluationContext, exlib: ExlibResource):
    from exlib_assets.core import courses
    from exlib_assets.core.templates.rebuilds import pending_rebuilds

    after = int(context.cursor or 0)
    with exlib.open() as app, app.db.session() as session:
        slugs = [course.slug for course in courses.list_courses(session)]
        pending = pending_rebuilds(session, after)
    add_courses = course_partition_sync.request(context.instance, slugs)
    requests = [
        # One run per course and change: the key keeps a re-evaluated tick from launching twice.
        dg.RunRequest(
            partition_key=slug,
            run_key=f"{slug}@{event_id}",
            # The queue lets one run per course through at a time (deploy/dagster.yaml).
            tags={"exlib/course": slug, "exlib/trigger": "deployments changed"},
        )
        for slug, event_id in pending.courses.items()
    ]
    if not requests and not add_courses:
        context.update_cursor(str(pending.last_event_id))
        return dg.SkipReason("no deployment changed in a course whose template policy is auto")
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=add_courses,
        cursor=str(pending.last_event_id),
    )
