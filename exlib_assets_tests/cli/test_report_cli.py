"""`exlib report`: the analytics tables for people (text) and scripts (JSON, CSV)."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from exlib_assets_tests.core.analytics.teaching_year import teach_a_year


@pytest.fixture
def year(app, make_example, tmp_path):
    return teach_a_year(app, make_example, tmp_path)


def test_json_holds_every_table_and_the_figures(run, year):
    result = run("report", "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert sorted(report) == [
        "computed_at",
        "course_status",
        "deployment_activity",
        "example_usage",
        "example_uses",
        "figures",
    ]
    assert [row["example"] for row in report["example_usage"]] == ["test.alpha", "test.beta", "test.gamma"]
    alpha = report["example_usage"][0]
    assert alpha["used_in"] == {"prog1": ["week1.a", "week2.a2"], "prog2": ["week1.a"]}
    assert alpha["versions_in_use"] == {"1.0": 1, "1.2": 2}
    # Computed now: prog1 week1.a has been behind since alpha 1.1 came out on Feb 1.
    computed_at = datetime.fromisoformat(report["computed_at"])
    [behind] = [u for u in report["example_uses"] if (u["course"], u["path"]) == ("prog1", "week1.a")]
    assert (behind["versions_behind"], behind["days_behind"]) == (
        2,
        (computed_at - datetime(2026, 2, 1, tzinfo=UTC)).days,
    )
    assert {row["course"]: (row["pending"], row["failed"], row["behind"]) for row in report["course_status"]} == {
        "prog1": (1, 1, 2),
        "prog2": (1, 0, 1),
    }
    assert [(row["day"], row["course"], row["deployments"]) for row in report["deployment_activity"]] == [
        ("2026-03-01", "prog1", 3),
        ("2026-03-01", "prog2", 2),
        ("2026-03-10", "prog1", 1),
        ("2026-03-10", "prog2", 1),
    ]
    assert report["figures"]["deployment_activity"]["failure_rate"] == 0.125
    assert report["figures"]["course_status"]["courses_behind"] == 2


def test_csv_prints_one_table_that_a_spreadsheet_reads(run, year):
    result = run("report", "--csv", "--table", "course_status")

    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert [row["course"] for row in table] == ["prog1", "prog2"]
    assert (table[0]["deployed"], table[0]["failed"], table[0]["updates_available"]) == ("2", "1", "1")


def test_csv_of_nested_cells_is_json(run, year):
    result = run("report", "--csv", "--table", "example_usage")

    alpha = next(csv.DictReader(io.StringIO(result.output)))
    assert json.loads(alpha["versions_in_use"]) == {"1.0": 1, "1.2": 2}


def test_csv_without_a_table_says_which_to_name(run, year):
    result = run("report", "--csv")

    assert result.exit_code == 1
    assert "--csv prints one table; name it with --table (example_usage, example_uses" in result.output


def test_text_shows_the_tables_and_the_headline(run, year):
    result = run("report")

    assert result.exit_code == 0, result.output
    for title in ("Example usage", "Uses behind the library", "Courses", "Deployment activity"):
        assert f"\n{title}\n" in f"\n{result.output}"
    # Only the uses that are behind are listed by default.
    behind = result.output.split("Uses behind the library\n")[1].split("\n\n")[0].splitlines()
    assert [line.split()[:3] for line in behind[1:]] == [
        ["test.alpha", "prog1", "week1.a"],
        ["test.beta", "prog1", "week1.b"],
        ["test.beta", "prog2", "week1.b"],
    ]
    assert "2 courses, 2 behind the library, 1 with failures; failure rate 12.5%" in result.output


def test_an_empty_installation_reports_nothing_without_failing(run):
    assert run("db", "upgrade").exit_code == 0

    result = run("report")

    assert result.exit_code == 0, result.output
    assert "0 courses, 0 behind the library" in result.output
