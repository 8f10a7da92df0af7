"""Analytics tables in the application database, where people and dashboards query them.

Each table is replaced whole in one transaction: a reader sees the previous figures or the new
ones, never a half-written table, and a failed write leaves the previous figures in place.
"""

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from exlib_assets.core.analytics.report import AnalyticsReport
from exlib_assets.core.app import App
from exlib_assets.core.db.models import CourseStatusRow, DeploymentActivityRow, ExampleUsageRow, ExampleUseRow

TABLES = {
    "example_usage": ExampleUsageRow,
    "example_uses": ExampleUseRow,
    "course_status": CourseStatusRow,
    "deployment_activity": DeploymentActivityRow,
}


def store_tables(app: App, report: AnalyticsReport, names: list[str]) -> dict[str, str]:
    """Replace the tables named (keys of `TABLES`) with the report's; returns {name: table name}."""
    frames = report.tables()
    with app.db.session() as session:
        for name in names:
            model = TABLES[name]
            session.execute(sa.delete(model))
            rows = _records(frames[name], report.computed_at)
            if rows:
                session.execute(sa.insert(model), rows)
    return {name: TABLES[name].__tablename__ for name in names}


def _records(frame: pd.DataFrame, computed_at: datetime) -> list[dict]:
    rows = []
    for row in frame.to_dict("records"):
        rows.append({key: _plain(value) for key, value in row.items()} | {"computed_at": computed_at})
    return rows


def _plain(value):
    """pandas' missing values and timestamps as the database driver expects them."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dict | list):
        return value
    if value is None or pd.isna(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
