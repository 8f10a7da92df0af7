import dagster as dg

from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.templates.assets import student_templates

ALL_DEPLOYMENTS = dg.AssetDep(course_content_deployments, partition_mapping=dg.AllPartitionMapping())
ALL_TEMPLATES = dg.AssetDep(student_templates, partition_mapping=dg.AllPartitionMapping())
SHARED = {"group_name": "analytics", "kinds": {"pandas", "sql"}, "owners": ["team:exlib"], "code_version": "1"}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "example_usage",
            deps=[ALL_DEPLOYMENTS],
            description="Which examples are used where: per example, the courses and paths using it, the "
            "versions in use, its newest version, how far behind its uses are (in versions and days), the "
            "share customized and when it was last deployed. Tables `analytics_example_usage` (per "
            "example) and `analytics_example_uses` (per use).",
            **SHARED,
        ),
        dg.AssetSpec(
            "course_status",
            deps=[ALL_DEPLOYMENTS, ALL_TEMPLATES],
            description="Per course: contents, deployed, pending, failed, updates available, behind the "
            "library, customized, open proposals and the last student template commit. Table "
            "`analytics_course_status`.",
            **SHARED,
        ),
        dg.AssetSpec(
            "deployment_activity",
            deps=[ALL_DEPLOYMENTS],
            description="Per day and course: paths deployed, failures, runs and their median duration. "
            "Table `analytics_deployment_activity`.",
            **SHARED,
        ),
    ],
    can_subset=True,
)
def analytics(context: dg.AssetExecutionContext, exlib: ExlibResource):
    """The analytics tables, computed from one read of the database so they agree with each other."""
    # pandas and matplotlib are imported here, not with the definitions: every run process loads the
    # code location, and only analytics runs need them.
    from exlib_assets.core.analytics.report import build_report
    from exlib_assets.core.analytics.store import TABLES, store_tables
    from exlib_assets.defs.analytics.metadata import METADATA

    selected = {key.to_user_string() for key in context.selected_asset_keys}
    with exlib.open() as app:
        report = build_report(app)
        stored = store_tables(app, report, [name for name in TABLES if _asset_of(name) in selected])
    for name in ("example_usage", "course_status", "deployment_activity"):
        if name in selected:
            context.log.info(f"{name}: {len(report.tables()[name])} rows in table {stored[name]}")
            yield dg.MaterializeResult(asset_key=name, metadata=METADATA[name](report, stored))


def _asset_of(table: str) -> str:
    # The per-use table is part of example_usage.
    return "example_usage" if table == "example_uses" else table
