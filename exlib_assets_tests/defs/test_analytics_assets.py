"""The analytics assets, their refresh sensor and schedule, in real Dagster runs on a real
instance, over the term of `teaching_year` (SQLite and PostgreSQL)."""

import base64
import re

import dagster as dg
import pytest
import sqlalchemy as sa

from exlib_assets.core.db.models import CourseStatusRow, DeploymentActivityRow, ExampleUsageRow, ExampleUseRow
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.definitions import defs
from exlib_assets.defs.analytics.assets import analytics
from exlib_assets.defs.analytics.automation import analytics_after_changes, analytics_hourly
from exlib_assets_tests.core.analytics.teaching_year import teach_a_year

ANALYTICS = ["example_usage", "course_status", "deployment_activity"]


@pytest.fixture
def year(app, make_example, tmp_path):
    return teach_a_year(app, make_example, tmp_path)


def materializations(result) -> dict[str, dict]:
    return {
        event.materialization.asset_key.to_user_string(): event.materialization.metadata
        for event in result.get_asset_materialization_events()
    }


def rows(app, model) -> list:
    with app.db.session() as session:
        return session.scalars(sa.select(model)).all()


def test_the_three_assets_store_their_tables_and_show_figures(app, year, instance, resources):
    result = dg.materialize([analytics], instance=instance, resources=resources)

    assert result.success
    metadata = materializations(result)
    assert sorted(metadata) == sorted(ANALYTICS)
    usage, status, activity = (metadata[name] for name in ANALYTICS)
    # Numbers the UI plots over time (the figures' exact values are proved in core/analytics).
    assert (usage["examples_in_use"].value, usage["uses"].value, usage["uses_behind"].value) == (2, 5, 3)
    assert (status["courses"].value, status["courses_behind"].value, status["failed"].value) == (2, 2, 1)
    assert (activity["deployments"].value, activity["failures"].value, activity["failure_rate"].value) == (7, 1, 0.125)
    # Each table's size and name, and a Markdown preview holding its rows.
    assert (usage["dagster/row_count"].value, usage["dagster/table_name"].value) == (3, "analytics_example_usage")
    assert (status["dagster/row_count"].value, activity["dagster/row_count"].value) == (2, 4)
    preview = status["preview"].value
    assert preview.startswith("| course | title | contents |") and "| prog1 |" in preview and "| prog2 |" in preview
    assert "| test.beta | prog1 | week1.b | 1.0 | 2.0 | 1 |" in usage["behind_preview"].value
    # The chart is a PNG inline in Markdown.
    png = re.fullmatch(r"!\[Example usage by version\]\(data:image/png;base64,(.+)\)", usage["chart"].value)
    assert base64.b64decode(png.group(1)).startswith(b"\x89PNG\r\n\x1a\n")
    # The tables people query hold the same rows.
    assert sorted(row.example for row in rows(app, ExampleUsageRow)) == ["test.alpha", "test.beta", "test.gamma"]
    assert len(rows(app, ExampleUseRow)) == 5
    assert {row.course: row.pending for row in rows(app, CourseStatusRow)} == {"prog1": 1, "prog2": 1}
    assert sum(row.deployments for row in rows(app, DeploymentActivityRow)) == 7


def test_materializing_one_asset_replaces_only_its_table(app, year, instance, resources):
    dg.materialize([analytics], instance=instance, resources=resources)
    deploy_course(app, DeployRequest.deploy("prog2"))  # week2.c (gamma) lands: prog2 has nothing pending now

    result = dg.materialize([analytics], selection=["course_status"], instance=instance, resources=resources)

    assert sorted(materializations(result)) == ["course_status"]
    assert {row.course: row.pending for row in rows(app, CourseStatusRow)} == {"prog1": 1, "prog2": 0}
    # example_usage was not materialized: its table still says gamma is unused.
    gamma = next(row for row in rows(app, ExampleUsageRow) if row.example == "test.gamma")
    assert gamma.uses == 0


def test_an_empty_library_materializes_empty_tables(app, instance, resources):
    result = dg.materialize([analytics], instance=instance, resources=resources)

    metadata = materializations(result)
    assert [metadata[name]["dagster/row_count"].value for name in ANALYTICS] == [0, 0, 0]
    assert metadata["example_usage"]["chart"].value == "_(no example is deployed yet)_"


def test_the_refresh_sensor_asks_once_per_change(app, year, instance, resources):
    def tick(cursor):
        with dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
            return analytics_after_changes(context)

    first = tick(None)
    assert len(first.run_requests) == 1 and analytics_after_changes.job_name == "analytics_refresh"
    assert isinstance(tick(first.cursor), dg.SkipReason)

    deploy_course(app, DeployRequest.deploy("prog2"))  # a deployment is recorded
    after_deploy = tick(first.cursor)
    assert len(after_deploy.run_requests) == 1
    assert after_deploy.run_requests[0].run_key != first.run_requests[0].run_key


def test_the_refresh_job_materializes_every_analytics_asset_on_a_schedule():
    job = defs.resolve_job_def("analytics_refresh")
    assert {key.to_user_string() for key in job.asset_layer.selected_asset_keys} == set(ANALYTICS)
    assert analytics_hourly.job_name == "analytics_refresh"
    assert analytics_hourly.default_status == dg.DefaultScheduleStatus.RUNNING
    assert analytics_after_changes.default_status == dg.DefaultSensorStatus.RUNNING
