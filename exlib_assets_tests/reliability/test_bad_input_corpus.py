"""Every case of the bad input corpus, through the entry point a user hits: refused with a clear
message naming what was wrong and what to do, and nothing written (storage, database, course
repositories, and the folder outside that hostile inputs point at)."""

import pytest

from exlib_assets_tests.conftest import EMBEDDED, PRODUCTION
from exlib_assets_tests.reliability.corpus import CASES, BadInput
from exlib_assets_tests.reliability.entry_points import ENTRY_POINTS
from exlib_assets_tests.reliability.snapshots import DEPLOYMENT_RECORD_TABLES, Snapshot, take_snapshot

# What a refused deploy may record about the path (and nothing else): see BadInput.records_refusal.
REFUSED_STATUSES = {"failed"}
REFUSED_EVENTS = {"failed", "conflict"}


def runs() -> list:
    """Every case on the embedded default; the chosen ones on PostgreSQL + S3 as well."""
    params = []
    for case in CASES:
        params.append(pytest.param(case, EMBEDDED, id=f"{case.name}-{EMBEDDED}"))
        if case.on_production and not case.embedded_only:
            params.append(
                pytest.param(
                    case, PRODUCTION, id=f"{case.name}-{PRODUCTION}", marks=[pytest.mark.postgres, pytest.mark.s3]
                )
            )
    return params


@pytest.mark.parametrize(("case", "backend"), runs())
def test_bad_input_is_refused_clearly_and_nothing_is_written(case: BadInput, backend, scene):
    argument = case.arrange(scene)
    before = take_snapshot(scene.app, watch=[scene.outside])

    refusal = ENTRY_POINTS[case.entry_point](scene, argument)

    after = take_snapshot(scene.app, watch=[scene.outside])
    print(refusal.message)  # what the user read; pytest -rP shows it
    assert refusal.refused, f"{case.name} was accepted:\n{refusal.message}"
    assert "Traceback" not in refusal.message and "Stack Trace" not in refusal.message
    missing = [fragment for fragment in case.expect if fragment not in refusal.message]
    assert not missing, f"the message lacks {missing}:\n{refusal.message}"
    allowed = DEPLOYMENT_RECORD_TABLES if case.records_refusal else ()
    assert after.differences(before, allowed_tables=allowed) == []
    if case.records_refusal:
        assert_only_the_refusal_was_recorded(before, after)


def assert_only_the_refusal_was_recorded(before: Snapshot, after: Snapshot) -> None:
    """A refused deploy leaves the path failed with a history row saying so, nothing more."""
    statuses = {row["status"] for row in after.new_rows(before, "deployments")}
    events = {row["event"] for row in after.new_rows(before, "deployment_history")}
    assert statuses <= REFUSED_STATUSES and events and events <= REFUSED_EVENTS, (statuses, events)


def test_every_case_has_a_unique_name_and_a_known_entry_point():
    assert len({case.name for case in CASES}) == len(CASES)
    assert {case.entry_point for case in CASES} <= set(ENTRY_POINTS)
    assert len(CASES) >= 45
