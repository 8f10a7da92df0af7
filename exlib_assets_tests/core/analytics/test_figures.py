"""Every analytics figure of a term of two courses, against what can be counted by hand from
`teaching_year` (its docstring tells the story), on SQLite and on PostgreSQL."""

from datetime import date
from statistics import median

import pandas as pd
import pytest

from exlib_assets.core.analytics.report import activity_figures, build_report, course_figures, usage_figures
from exlib_assets.core.analytics.store import store_tables
from exlib_assets_tests.core.analytics.teaching_year import AS_OF, teach_a_year


@pytest.fixture
def year(app, make_example, tmp_path):
    return teach_a_year(app, make_example, tmp_path)


@pytest.fixture
def report(app, year):
    return build_report(app, as_of=AS_OF)


def test_each_use_says_how_far_behind_the_newest_release_it_is(report):
    uses = report.example_uses.set_index(["course", "path"])
    rows = {key: row for key, row in uses.to_dict("index").items()}
    # alpha's newest is 1.2: the prerelease 2.0.0-rc.1 is not a release to be behind.
    # Days count from the first newer release: alpha 1.1 on Feb 1, beta 2.0 on Feb 15; as of Mar 11.
    expected = {
        ("prog1", "week1.a"): ("test.alpha", "1.0", "1.2", 2, 38, False),
        ("prog1", "week1.b"): ("test.beta", "1.0", "2.0", 1, 24, True),
        ("prog1", "week2.a2"): ("test.alpha", "1.2", "1.2", 0, 0, False),
        ("prog2", "week1.a"): ("test.alpha", "1.2", "1.2", 0, 0, True),
        ("prog2", "week1.b"): ("test.beta", "1.0", "2.0", 1, 24, False),
    }
    assert {
        key: (
            row["example"],
            row["version"],
            row["newest_version"],
            row["versions_behind"],
            row["days_behind"],
            row["customized"],
        )
        for key, row in rows.items()
    } == expected


def test_example_usage_counts_courses_paths_versions_and_customizations(report):
    usage = report.example_usage
    # Most used first; an example nobody uses is listed too, with zeros.
    assert list(usage["example"]) == ["test.alpha", "test.beta", "test.gamma"]
    alpha, beta, gamma = usage.to_dict("records")
    assert alpha | {"last_deployed_at": None} == {
        "example": "test.alpha",
        "title": "Alpha",
        "language": None,
        "newest_version": "1.2",
        "uses": 3,
        "courses": 2,
        "used_in": {"prog1": ["week1.a", "week2.a2"], "prog2": ["week1.a"]},
        "versions_in_use": {"1.0": 1, "1.2": 2},
        "uses_behind": 1,
        "max_versions_behind": 2,
        "max_days_behind": 38,
        "customized_share": 0.3333,
        "last_deployed_at": None,
    }
    assert (beta["uses"], beta["courses"], beta["versions_in_use"], beta["newest_version"]) == (
        2,
        2,
        {"1.0": 2},
        "2.0",
    )
    assert (beta["uses_behind"], beta["max_versions_behind"], beta["max_days_behind"]) == (2, 1, 24)
    assert beta["customized_share"] == 0.5
    assert (gamma["uses"], gamma["courses"], gamma["used_in"], gamma["versions_in_use"]) == (0, 0, {}, {})
    assert gamma["newest_version"] == "1.0" and pd.isna(gamma["last_deployed_at"])


def test_last_deployed_is_the_newest_deployment_of_the_example(app, report):
    usage = report.example_usage.set_index("example")
    uses = report.example_uses
    for example in ("test.alpha", "test.beta"):
        assert usage.loc[example, "last_deployed_at"] == uses[uses["example"] == example]["deployed_at"].max()
    # alpha was last deployed by the Mar 10 runs (prog1 week2.a2, prog2 week1.a), after beta.
    assert usage.loc["test.alpha", "last_deployed_at"] > usage.loc["test.beta", "last_deployed_at"]


def test_course_status_counts_each_state(report):
    rows = report.course_status.set_index("course").to_dict("index")
    counted = [
        "contents",
        "assigned",
        "deployed",
        "pending",
        "failed",
        "updates_available",
        "behind",
        "customized",
        "open_proposals",
    ]
    # prog1: 4 contents (one without example); week1.a holds 1.0 but is now assigned "1.1"
    # (pending), week1.b's update met the lecturer's edit (failed, still behind, update offered).
    assert {name: rows["prog1"][name] for name in counted} == {
        "contents": 4,
        "assigned": 3,
        "deployed": 2,
        "pending": 1,
        "failed": 1,
        "updates_available": 1,
        "behind": 2,
        "customized": 1,
        "open_proposals": 0,
    }
    # prog2: week2.c was assigned after the last run (pending); week1.b is pinned to beta 1.0,
    # so it is behind the library but offered nothing.
    assert {name: rows["prog2"][name] for name in counted} == {
        "contents": 3,
        "assigned": 3,
        "deployed": 2,
        "pending": 1,
        "failed": 0,
        "updates_available": 0,
        "behind": 1,
        "customized": 1,
        "open_proposals": 0,
    }
    assert rows["prog1"]["last_template_commit"] is None


def test_deployment_activity_counts_per_day_and_course(report, year):
    activity = report.deployment_activity
    rows = {(row["day"], row["course"]): row for row in activity.to_dict("records")}
    march_1, march_10 = date(2026, 3, 1), date(2026, 3, 10)
    assert {key: (row["deployments"], row["failures"], row["runs"]) for key, row in rows.items()} == {
        (march_1, "prog1"): (3, 0, 1),
        (march_1, "prog2"): (2, 0, 1),
        # prog1's second run deployed week2.a2 and met a conflict at week1.b.
        (march_10, "prog1"): (1, 1, 1),
        (march_10, "prog2"): (1, 0, 1),
    }
    for key, row in rows.items():
        assert row["median_duration_seconds"] == pytest.approx(median(year.run_seconds[key]), abs=0.001)
        assert row["median_duration_seconds"] > 0


def test_headline_figures(report):
    assert usage_figures(report) == {
        "examples": 3,
        "examples_in_use": 2,
        "uses": 5,
        "uses_behind": 3,
        "share_behind": 0.6,
        "share_customized": 0.4,
    }
    assert course_figures(report) == {
        "courses": 2,
        "courses_behind": 2,
        "courses_with_failures": 1,
        "pending": 2,
        "failed": 1,
        "updates_available": 1,
        "customized": 2,
    }
    # 7 paths deployed, 1 failure in all; the last 7 days before Mar 11 hold only Mar 10.
    assert activity_figures(report) == {
        "deployments": 7,
        "failures": 1,
        "failure_rate": 0.125,
        "deployments_last_7_days": 2,
        "failure_rate_last_7_days": 0.3333,
    }


def test_stored_tables_hold_the_report_and_are_replaced_whole(app, report):
    import sqlalchemy as sa

    from exlib_assets.core.db.models import CourseStatusRow, ExampleUsageRow, ExampleUseRow

    store_tables(app, report, ["example_usage", "example_uses", "course_status"])
    store_tables(app, report, ["example_usage", "example_uses", "course_status"])
    with app.db.session() as session:
        usage = {row.example: row for row in session.scalars(sa.select(ExampleUsageRow))}
        uses = session.scalars(sa.select(ExampleUseRow)).all()
        status = {row.course: row for row in session.scalars(sa.select(CourseStatusRow))}
    # Stored twice, held once.
    assert sorted(usage) == ["test.alpha", "test.beta", "test.gamma"]
    assert len(uses) == 5
    assert usage["test.alpha"].used_in == {"prog1": ["week1.a", "week2.a2"], "prog2": ["week1.a"]}
    assert usage["test.alpha"].versions_in_use == {"1.0": 1, "1.2": 2}
    assert usage["test.gamma"].last_deployed_at is None
    assert (status["prog1"].pending, status["prog1"].failed, status["prog1"].behind) == (1, 1, 2)
    assert {row.computed_at.replace(tzinfo=None) for row in uses} == {AS_OF.replace(tzinfo=None)}
