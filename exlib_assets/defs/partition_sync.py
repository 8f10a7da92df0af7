"""Keeping a dynamic partitions definition in step with the keys exlib knows.

Each definition has one `PartitionSync` beside it (`example_version_partition_sync`,
`course_partition_sync`, `course_content_partition_sync`), and every place that adds partitions
goes through it: a sensor returns `request(...)` in its `SensorResult` (the daemon adds the
partitions together with the runs that need them), a run or a command calls `add(...)`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import dagster as dg


@dataclass(frozen=True)
class PartitionSync:
    partitions: dg.DynamicPartitionsDefinition

    @property
    def name(self) -> str:
        return self.partitions.name

    def known(self, instance: dg.DagsterInstance) -> set[str]:
        return set(instance.get_dynamic_partitions(self.name))

    def missing(self, instance: dg.DagsterInstance, keys: Iterable[str], known: set[str] | None = None) -> list[str]:
        """`keys` that are not partitions yet, in order, each once. `known`: the partitions the
        caller already read in this tick (thousands of versions are not read twice)."""
        known = self.known(instance) if known is None else known
        return [key for key in dict.fromkeys(keys) if key not in known]

    def request(
        self, instance: dg.DagsterInstance, keys: Iterable[str], known: set[str] | None = None
    ) -> list[dg.AddDynamicPartitionsRequest]:
        """For a sensor's result: the request adding the missing keys, or none."""
        missing = self.missing(instance, keys, known)
        return [self.partitions.build_add_request(missing)] if missing else []

    def add(self, instance: dg.DagsterInstance, keys: Iterable[str]) -> list[str]:
        """Add the missing keys now (in a run or a command); returns the keys added."""
        missing = self.missing(instance, keys)
        if missing:
            instance.add_dynamic_partitions(self.name, missing)
        return missing
