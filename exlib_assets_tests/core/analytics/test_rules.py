"""The counting rules on small frames written by hand: runs, medians, archived contents,
sections, prereleases, and an empty database."""

from datetime import UTC, date, datetime

import pandas as pd

from exlib_assets.core.analytics.activity import deployment_activity
from exlib_assets.core.analytics.course_overview import course_status
from exlib_assets.core.analytics.report import build_report
from exlib_assets.core.analytics.sources import Sources
from exlib_assets.core.analytics.usage import example_usage, example_uses, release_facts

AS_OF = pd.Timestamp(datetime(2026, 5, 1, tzinfo=UTC))
MAY_1 = datetime(2026, 5, 1, 10, tzinfo=UTC)


def sources(contents=(), versions=(), history=(), examples=None, course_list=("c1",)) -> Sources:
    versions = pd.DataFrame(list(versions), columns=["example", "tag", "sort_key", "created_at"])
    examples = examples or sorted({row[0] for row in versions.itertuples(index=False)})
    return Sources(
        versions=versions.assign(created_at=pd.to_datetime(versions["created_at"], utc=True)),
        examples=pd.DataFrame([(e, None, None) for e in examples], columns=["example", "title", "language"]),
        courses=pd.DataFrame(
            [(c, None, None, None, None) for c in course_list],
            columns=["course", "title", "template_commit", "template_built_at", "rolled_from"],
        ),
        contents=pd.DataFrame(
            list(contents),
            columns=[
                "course",
                "path",
                "archived",
                "assigned_example",
                "constraint",
                "status",
                "deployed_example",
                "version",
                "deployed_at",
                "customized",
                "update_available",
            ],
        ),
        history=pd.DataFrame(list(history), columns=["course", "path", "event", "at", "details"]).assign(
            at=lambda frame: pd.to_datetime(frame["at"], utc=True)
        ),
        proposals=pd.DataFrame(columns=["course", "status"]),
    )


def event(path, name, batch, seconds, at=MAY_1, course="c1"):
    return (course, path, name, at, {"batch": batch, "run_seconds": seconds})


def test_a_run_counts_once_however_many_paths_it_wrote_and_the_median_is_over_runs():
    history = [
        # Run r1 wrote three paths in 1 s; r2 one path in 3 s; r3 failed one path after 10 s.
        event("a", "deployed", "r1", 1.0),
        event("b", "deployed", "r1", 1.0),
        event("c", "removed", "r1", 1.0),
        event("a", "merged", "r2", 3.0),
        event("d", "failed", "r3", 10.0),
        # Not deployments: a proposal, a skip, a scan's customization, an update flag.
        event("e", "proposed", "r4", 2.0),
        ("c1", "a", "customized", MAY_1, {}),
        ("c1", "a", "update_available", MAY_1, None),
    ]
    [row] = deployment_activity(sources(history=history)).to_dict("records")
    # Runs r1..r3 counted; the median of 1, 3 and 10 seconds is 3.
    assert row == {
        "day": date(2026, 5, 1),
        "course": "c1",
        "deployments": 4,
        "failures": 1,
        "runs": 3,
        "median_duration_seconds": 3.0,
    }


def test_the_median_of_an_even_number_of_runs_is_the_mean_of_the_middle_two():
    history = [event("a", "deployed", "r1", 1.0), event("a", "deployed", "r2", 2.0)]
    [row] = deployment_activity(sources(history=history)).to_dict("records")
    assert row["median_duration_seconds"] == 1.5


def test_days_are_utc_days_and_courses_are_apart():
    history = [
        event("a", "deployed", "r1", 1.0, at=datetime(2026, 5, 1, 23, 59, tzinfo=UTC)),
        event("a", "deployed", "r2", 1.0, at=datetime(2026, 5, 2, 0, 1, tzinfo=UTC)),
        event("a", "conflict", "r3", 1.0, at=datetime(2026, 5, 2, 8, tzinfo=UTC), course="c2"),
    ]
    rows = deployment_activity(sources(history=history)).to_dict("records")
    assert [(r["day"], r["course"], r["deployments"], r["failures"]) for r in rows] == [
        (date(2026, 5, 1), "c1", 1, 0),
        (date(2026, 5, 2), "c1", 1, 0),
        (date(2026, 5, 2), "c2", 0, 1),
    ]


def test_history_from_before_runs_were_timed_counts_paths_but_no_runs():
    history = [("c1", "a", "deployed", MAY_1, {"written": ["x"]})]
    [row] = deployment_activity(sources(history=history)).to_dict("records")
    assert (row["deployments"], row["runs"]) == (1, 0)
    assert pd.isna(row["median_duration_seconds"])


VERSIONS = [
    ("ex", "1.0", "0001", datetime(2026, 1, 1)),
    ("ex", "1.1", "0002", datetime(2026, 4, 1)),
    ("ex", "2.0-rc.1", "0003", datetime(2026, 4, 20)),
    ("pre", "0.1-beta.1", "0001", datetime(2026, 4, 1)),
]


def uses_of(frames: Sources) -> pd.DataFrame:
    return example_uses(frames, release_facts(frames.versions), AS_OF)


def content(path, version, *, archived=False, status="deployed", example="ex", customized=False):
    return ("c1", path, archived, example, "latest", status, example, version, MAY_1, customized, False)


def test_archived_contents_are_not_uses_and_sections_are_not_contents():
    frames = sources(
        contents=[
            content("week1.a", "1.0"),
            content("week1.old", "1.0", archived=True),
            ("c1", "week1", False, None, None, None, None, None, None, None, None),
            ("c1", "week2", False, None, None, None, None, None, None, None, None),
        ],
        versions=VERSIONS,
    )
    uses = uses_of(frames)
    assert list(uses["path"]) == ["week1.a"]
    [status] = course_status(frames, uses).to_dict("records")
    # week1 holds week1.a: a section. week2 holds nothing: an empty content still to be filled.
    assert (status["contents"], status["assigned"], status["deployed"]) == (2, 1, 1)


def test_a_prerelease_is_newest_only_when_the_example_has_no_release():
    frames = sources(
        contents=[content("a", "1.0"), content("b", "0.1-beta.1", example="pre")],
        versions=VERSIONS,
    )
    uses = uses_of(frames).set_index("path")
    # ex: 1.1 is newest (2.0-rc.1 is a prerelease); one release behind since Apr 1 (30 days).
    assert (uses.loc["a", "newest_version"], uses.loc["a", "versions_behind"], uses.loc["a", "days_behind"]) == (
        "1.1",
        1,
        30,
    )
    assert (uses.loc["b", "newest_version"], uses.loc["b", "versions_behind"]) == ("0.1-beta.1", 0)


def test_a_use_ahead_of_the_newest_release_is_not_behind():
    uses = uses_of(sources(contents=[content("a", "2.0-rc.1")], versions=VERSIONS))
    assert (uses.loc[0, "versions_behind"], uses.loc[0, "days_behind"]) == (0, 0)


def test_customized_share_is_over_uses():
    frames = sources(
        contents=[content("a", "1.0", customized=True), content("b", "1.1"), content("c", "1.1"), content("d", "1.1")],
        versions=VERSIONS,
    )
    [usage] = example_usage(frames, release_facts(frames.versions), uses_of(frames)).head(1).to_dict("records")
    assert (usage["uses"], usage["customized_share"]) == (4, 0.25)


def test_an_empty_database_gives_empty_tables(app):
    report = build_report(app)
    assert [len(frame) for frame in report.tables().values()] == [0, 0, 0, 0]
