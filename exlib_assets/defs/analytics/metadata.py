"""What an analytics materialization shows in the UI: table facts, Markdown previews, the usage
chart and the figures the UI plots over time."""

import base64

import dagster as dg
import pandas as pd

from exlib_assets.core.analytics.chart import usage_chart_png
from exlib_assets.core.analytics.display import markdown_table
from exlib_assets.core.analytics.report import AnalyticsReport, activity_figures, course_figures, usage_figures


def usage_metadata(report: AnalyticsReport, stored: dict[str, str]) -> dict:
    chart = usage_chart_png(report.example_uses)
    return {
        **_table_metadata(report.example_usage, stored["example_usage"]),
        **usage_figures(report),
        "uses_table": stored["example_uses"],
        "behind_preview": dg.MetadataValue.md(
            markdown_table(report.example_uses[report.example_uses["versions_behind"] > 0])
        ),
        "chart": dg.MetadataValue.md(
            f"![Example usage by version](data:image/png;base64,{base64.b64encode(chart).decode()})"
            if chart
            else "_(no example is deployed yet)_"
        ),
    }


def course_metadata(report: AnalyticsReport, stored: dict[str, str]) -> dict:
    return {**_table_metadata(report.course_status, stored["course_status"]), **course_figures(report)}


def activity_metadata(report: AnalyticsReport, stored: dict[str, str]) -> dict:
    return {**_table_metadata(report.deployment_activity, stored["deployment_activity"]), **activity_figures(report)}


def _table_metadata(frame: pd.DataFrame, table: str) -> dict:
    return {
        "dagster/row_count": len(frame),
        "dagster/table_name": table,
        "preview": dg.MetadataValue.md(markdown_table(frame)),
    }


METADATA = {
    "example_usage": usage_metadata,
    "course_status": course_metadata,
    "deployment_activity": activity_metadata,
}
