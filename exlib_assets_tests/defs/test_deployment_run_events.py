"""What a deployment run writes to Dagster's event log, against a run of an asset that does
nothing over the same partitions: one materialization per path, each with its own outcome, and
beyond that only a constant number of entries per course, not entries or rows per path."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import pytest
import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.deployments.partitions import course_content_partitions

NAMES = [f"ex{number}" for number in range(1, 7)]
KEYS = [f"prog1/week{number}.{name}" for number, name in enumerate(NAMES, 1)]
LOG_MESSAGE = "log message"  # an entry written with context.log, not a Dagster event


@dg.asset(partitions_def=course_content_partitions)
def does_nothing() -> dg.MaterializeResult:
    return dg.MaterializeResult()


@pytest.fixture
def course(app, make_example, instance):
    app.library.import_paths([make_example(name) for name in NAMES])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, "prog1")
        for key, name in zip(KEYS, NAMES, strict=True):
            courses.assign(session, library, courses.add_content(session, prog1, key.split("/")[1]), f"test.{name}")
    instance.add_dynamic_partitions(course_content_partitions.name, KEYS)
    return "prog1"


def materialize_all(instance, assets, resources) -> dg.ExecuteInProcessResult:
    result = dg.materialize(
        assets,
        instance=instance,
        resources=resources,
        tags={"dagster/asset_partition_range_start": KEYS[0], "dagster/asset_partition_range_end": KEYS[-1]},
    )
    assert result.success
    return result


def entries_by_type(instance, run_id) -> Counter:
    return Counter(
        entry.dagster_event.event_type_value if entry.is_dagster_event else LOG_MESSAGE
        for entry in instance.all_logs(run_id)
    )


def test_a_run_writes_what_a_run_doing_nothing_writes_plus_a_constant(course, instance, resources):
    ours = materialize_all(instance, [course_content_deployments], resources)
    floor = materialize_all(instance, [does_nothing], {})

    written = entries_by_type(instance, ours.run_id)
    nothing = entries_by_type(instance, floor.run_id)
    assert written["ASSET_MATERIALIZATION"] == nothing["ASSET_MATERIALIZATION"] == len(KEYS)
    assert written["ASSET_MATERIALIZATION_PLANNED"] == nothing["ASSET_MATERIALIZATION_PLANNED"]
    # Every Dagster event beyond the floor's is one of Dagster's own per run, not ours per path.
    assert {kind: count for kind, count in written.items() if kind != LOG_MESSAGE and count > nothing[kind]} == {}
    messages = [entry.user_message for entry in instance.all_logs(ours.run_id) if not entry.is_dagster_event]
    progress = [message for message in messages if message.startswith("[")]
    # Progress names every path once, in batches; the rest is the course's outcome table, once.
    assert len("\n".join(progress).split("\n")) == len(KEYS)
    assert len(progress) < len(KEYS)
    [outcomes] = [message for message in messages if not message.startswith("[")]
    assert outcomes.startswith("prog1: outcomes")
    assert "\n\ncommit: `" in outcomes  # the commit, which had a log entry of its own


def test_each_materialization_carries_its_own_outcome_and_only_the_last_the_table(course, instance, resources):
    result = materialize_all(instance, [course_content_deployments], resources)

    events = [e for e in result.get_asset_materialization_events() if e.asset_key == course_content_deployments.key]
    assert [e.materialization.partition for e in events] == KEYS
    for key, event in zip(KEYS, events, strict=True):
        metadata = event.materialization.metadata
        path = key.split("/")[1]
        assert metadata["content_path"].value == path
        assert metadata["outcome"].value == "deployed"
        assert metadata["example_versions_partition"].value == f"test.{path.split('.')[1]}@1.0"
        assert metadata["commit"].value
    *others, last = events
    for event in others:
        assert "run_outcomes" not in event.materialization.metadata
        # Nothing of the other paths rides along: an event's size does not grow with the run.
        serialized = dg.serialize_value(event.materialization)
        assert [key for key in KEYS if key.split("/")[1] in serialized] == [event.materialization.partition]
    table = last.materialization.metadata["run_outcomes"].value
    assert all(f"| `{key.split('/')[1]}` | `test.{key.split('.')[1]}@1.0` | deployed |" in table for key in KEYS)


@contextmanager
def statements_reading(table: str) -> Iterator[list[str]]:
    """Every SELECT naming `table` that any database engine of this process runs meanwhile."""
    seen: list[str] = []

    def before_execute(connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT") and table in statement:
            seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", before_execute)
    try:
        yield seen
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", before_execute)


def test_a_run_reads_the_partitions_no_more_often_than_a_run_doing_nothing(course, instance, resources):
    # Reading the partitions reads those of every course: thousands at a university.
    with statements_reading("dynamic_partitions") as ours:
        materialize_all(instance, [course_content_deployments], resources)
    with statements_reading("dynamic_partitions") as floor:
        materialize_all(instance, [does_nothing], {})

    assert floor and len(ours) <= len(floor)
