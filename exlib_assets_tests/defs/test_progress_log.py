"""A deployment run logs its progress in batches: few event-log writes, every path still named."""

import dagster as dg
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.deployments.partitions import course_content_partitions
from exlib_assets.defs.deployments.progress_log import BatchedProgressLog

PATHS = [f"week{number}.example{number}" for number in range(1, 6)]


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_lines_are_written_first_then_per_batch_then_at_the_end():
    written: list[str] = []
    log = BatchedProgressLog(written.append, batch_paths=50, batch_seconds=1.0, clock=Clock())
    lines = [f"[{done}/120] prog1/p{done}: deployed" for done in range(1, 121)]

    for done, line in enumerate(lines, 1):
        log.add(line, done, 120)

    assert [len(batch.split("\n")) for batch in written] == [1, 50, 50, 19]
    assert "\n".join(written).split("\n") == lines


def test_a_slow_run_writes_at_least_once_per_interval():
    written: list[str] = []
    clock = Clock()
    log = BatchedProgressLog(written.append, batch_paths=50, batch_seconds=1.0, clock=clock)

    for done in range(1, 8):
        clock.now += 0.4
        log.add(f"[{done}/7] p{done}", done, 7)

    # At 0.4 s (the first path), at 1.6 s (1.2 s after it) and at the last path (2.8 s).
    assert written == ["[1/7] p1", "[2/7] p2\n[3/7] p3\n[4/7] p4", "[5/7] p5\n[6/7] p6\n[7/7] p7"]


def test_flush_writes_what_is_pending_and_nothing_when_nothing_is():
    written: list[str] = []
    log = BatchedProgressLog(written.append, clock=Clock())
    log.add("[1/3] a", 1, 3)
    log.add("[2/3] b", 2, 3)

    log.flush()
    log.flush()

    assert written == ["[1/3] a", "[2/3] b"]


@pytest.fixture
def course(app, make_example):
    names = [path.rsplit(".", 1)[1] for path in PATHS]
    app.library.import_paths([make_example(name) for name in names])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        prog1 = courses.create_course(session, app.git_host, "prog1")
        for path, name in zip(PATHS, names, strict=True):
            courses.assign(session, library, courses.add_content(session, prog1, path), f"test.{name}")
    return "prog1"


def test_a_run_of_five_paths_writes_two_progress_events_naming_every_path(course, instance, resources):
    keys = [f"prog1/{path}" for path in PATHS]
    instance.add_dynamic_partitions(course_content_partitions.name, keys)

    result = dg.materialize(
        [course_content_deployments],
        instance=instance,
        resources=resources,
        tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
    )

    assert result.success
    progress = [e.user_message for e in instance.all_logs(result.run_id) if e.user_message.startswith("[")]
    # The first path at once, the other four together when the last is done (a fast run).
    assert len(progress) == 2
    lines = "\n".join(progress).split("\n")
    assert lines == [f"[{done}/5] {key}: deployed test.{key.rsplit('.', 1)[1]}@1.0" for done, key in enumerate(keys, 1)]
