"""B4: one tick of the example_version_discovery sensor over many known versions."""

import dagster as dg

from bench.environment import BenchHome, exlib_resources
from bench.results import Row, WorkloadResult, under
from bench.sizes import Sizes
from bench.timing import measure
from exlib_assets.core.app import App
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.library.sensors import example_version_discovery

VERSIONS_PER_EXAMPLE = 5

METHOD = (
    f"A stored library of N versions ({VERSIONS_PER_EXAMPLE} per example; meta.yaml and one file "
    "each, written as an S3 client would, without importing) whose partitions the instance "
    "already holds, and the sensor's cursor from an earlier tick. Each repetition builds the "
    "sensor's context (`dg.build_sensor_context` with the instance, the cursor and the "
    "resources) and times one evaluation of `example_version_discovery`: with no new version "
    "(a `SkipReason`), and after one new version was stored (not timed), which the tick must "
    "return as a run request and a partition to add. All N versions were written within the "
    "last minute, inside the cursor's look-back margin, so every tick lists and checks all of "
    "them: the worst case. No git is involved, so there is no plain-git baseline."
)


class DiscoveryScene:
    """The stored library, the instance's partitions and the sensor's cursor, kept in step."""

    def __init__(self, home: BenchHome, app: App):
        self.home = home
        self.app = app
        self.resources = exlib_resources(self.app.settings)
        self.stored = 0
        self.cursor: str | None = None
        # Versions a tick returned whose partitions are not added yet.
        self.pending: list[str] = []

    def store_up_to(self, count: int) -> list[str]:
        """Store versions until there are `count`; returns their partition keys."""
        keys = []
        for number in range(self.stored, count):
            name, version = f"discovered.example{number // VERSIONS_PER_EXAMPLE:05d}", f"1.{number % 5}"
            meta = f"identifier: {name}\nversion: '{version}'\ntitle: Example {number}\n"
            self.app.storage.write_version(name, version, {"meta.yaml": meta.encode(), "solution.py": b"pass\n"})
            keys.append(f"{name}@{version}")
        self.stored = max(self.stored, count)
        return keys

    def add_partitions(self, keys: list[str]) -> None:
        """What the daemon does with a tick's dynamic partition requests."""
        self.home.instance.add_dynamic_partitions(example_version_partitions.name, self.pending + keys)
        self.pending = []

    def tick(self, expected_new: int) -> None:
        """One evaluation of the sensor, as the daemon runs it."""
        with dg.build_sensor_context(
            instance=self.home.instance, cursor=self.cursor, resources=self.resources
        ) as context:
            outcome = example_version_discovery(context)
            if isinstance(outcome, dg.SensorResult):
                self.cursor = outcome.cursor
                found = [request.partition_key for request in outcome.run_requests]
            else:
                self.cursor = context.cursor
                found = []
        if len(found) != expected_new:
            raise RuntimeError(f"the discovery tick found {found}, expected {expected_new} new version(s)")
        self.pending += found


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B4", "The discovery sensor's tick", METHOD)
    # Storage of its own: the sensor lists only the versions this workload stored.
    with home.open_separate_app("b4") as app:
        _measure(DiscoveryScene(home, app), sizes, result)
    result.verdicts += [under(0.5, row) for row in result.rows[-2:]]
    return result


def _measure(scene: DiscoveryScene, sizes: Sizes, result: WorkloadResult) -> None:

    def nothing_new(number: int):
        scene.add_partitions([])
        return lambda: scene.tick(expected_new=0)

    def one_new(number: int):
        scene.add_partitions([])
        scene.store_up_to(scene.stored + 1)
        return lambda: scene.tick(expected_new=1)

    for known in sizes.b4_known:
        scene.add_partitions(scene.store_up_to(known))
        scene.tick(expected_new=0)  # from here on, the cursor has seen every stored version
        timings = measure({"none": nothing_new, "one": one_new}, repeats=sizes.repeats, warmups=sizes.warmups)
        result.rows += [
            Row(f"{known} known versions, 0 new", timings["none"]),
            Row(f"{known} known versions, 1 new", timings["one"]),
        ]
