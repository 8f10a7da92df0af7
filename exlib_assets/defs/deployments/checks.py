import dagster as dg

from exlib_assets.core.errors import ExlibError
from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.resources import ExlibResource

MAX_DIFFERENCES_SHOWN = 50


class ConsistencyConfig(dg.Config):
    courses: list[str] = []  # empty: every course


@dg.asset_check(
    asset=course_content_deployments,
    description="Per course, the database's deployment state matches the assignments repository's tracking files.",
)
def database_matches_repository(
    context: dg.AssetCheckExecutionContext, config: ConsistencyConfig, exlib: ExlibResource
) -> dg.AssetCheckResult:
    """Compares each course's Deployment rows with its repository; fails naming every
    difference. `exlib repair SLUG` rebuilds a course's rows from its repository."""
    from exlib_assets.core import courses
    from exlib_assets.core.deployments.consistency import compare_course

    problems: list[str] = []
    per_course: dict[str, int | str] = {}
    with exlib.open() as app:
        with app.db.session() as session:
            slugs = config.courses or [course.slug for course in courses.list_courses(session)]
        for slug in slugs:
            try:
                report = compare_course(app, slug)
            except ExlibError as error:
                per_course[slug] = "not checked"
                problems.append(f"{slug}: could not be checked: {error}")
                continue
            per_course[slug] = len(report.differences)
            problems += [f"{slug}: {difference.describe()}" for difference in report.differences]
            if report.differences:
                count = len(report.differences)
                context.log.warning(f"{slug}: {count} difference(s); `exlib repair {slug}` fixes them")
    shown = problems[:MAX_DIFFERENCES_SHOWN]
    more = f"\n… and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    return dg.AssetCheckResult(
        passed=not problems,
        severity=dg.AssetCheckSeverity.ERROR,
        description="\n".join(shown) + more if problems else f"{len(slugs)} course(s) agree with their repositories",
        metadata={"courses_checked": len(slugs), "differences": len(problems), "per_course": per_course},
    )
