"""The analytics tables, computed together from one read of the database, and the headline
figures each table contributes (the numbers the Dagster UI plots over time)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd

from exlib_assets.core.analytics.activity import deployment_activity
from exlib_assets.core.analytics.course_overview import course_status
from exlib_assets.core.analytics.sources import load_sources
from exlib_assets.core.analytics.usage import example_usage, example_uses, release_facts
from exlib_assets.core.app import App

# The window of the recent failure rate: long enough to smooth a bad hour, short enough to move.
RECENT_DAYS = 7


@dataclass
class AnalyticsReport:
    computed_at: datetime
    example_usage: pd.DataFrame
    example_uses: pd.DataFrame
    course_status: pd.DataFrame
    deployment_activity: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "example_usage": self.example_usage,
            "example_uses": self.example_uses,
            "course_status": self.course_status,
            "deployment_activity": self.deployment_activity,
        }


def build_report(app: App, as_of: datetime | None = None) -> AnalyticsReport:
    """Every analytics table as of `as_of` (default now; it only moves "days behind")."""
    computed_at = as_of or datetime.now(UTC)
    with app.db.session() as session:
        sources = load_sources(session)
    releases = release_facts(sources.versions)
    uses = example_uses(sources, releases, pd.Timestamp(computed_at))
    return AnalyticsReport(
        computed_at=computed_at,
        example_usage=example_usage(sources, releases, uses),
        example_uses=uses,
        course_status=course_status(sources, uses),
        deployment_activity=deployment_activity(sources),
    )


def usage_figures(report: AnalyticsReport) -> dict[str, float | int]:
    usage, uses = report.example_usage, report.example_uses
    return {
        "examples": len(usage),
        "examples_in_use": int((usage["uses"] > 0).sum()),
        "uses": len(uses),
        "uses_behind": int((uses["versions_behind"] > 0).sum()),
        "share_behind": _share((uses["versions_behind"] > 0).sum(), len(uses)),
        "share_customized": _share(uses["customized"].sum(), len(uses)),
    }


def course_figures(report: AnalyticsReport) -> dict[str, float | int]:
    status = report.course_status
    return {
        "courses": len(status),
        "courses_behind": int((status["behind"] > 0).sum()),
        "courses_with_failures": int((status["failed"] > 0).sum()),
        "pending": int(status["pending"].sum()),
        "failed": int(status["failed"].sum()),
        "updates_available": int(status["updates_available"].sum()),
        "customized": int(status["customized"].sum()),
    }


def activity_figures(report: AnalyticsReport) -> dict[str, float | int]:
    activity = report.deployment_activity
    since = (report.computed_at - timedelta(days=RECENT_DAYS - 1)).date()
    recent = activity[activity["day"] >= since] if len(activity) else activity
    return {
        "deployments": int(activity["deployments"].sum()),
        "failures": int(activity["failures"].sum()),
        "failure_rate": _share(activity["failures"].sum(), activity["deployments"].sum() + activity["failures"].sum()),
        f"deployments_last_{RECENT_DAYS}_days": int(recent["deployments"].sum()),
        f"failure_rate_last_{RECENT_DAYS}_days": _share(
            recent["failures"].sum(), recent["deployments"].sum() + recent["failures"].sum()
        ),
    }


def _share(part, whole) -> float:
    return round(float(part) / float(whole), 4) if whole else 0.0
