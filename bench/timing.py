"""Repeat what is measured after a warm-up, and keep every sample.

Steps measured together run interleaved (exlib, then its plain-git baseline, in each
repetition), so a burst of load from other work on the machine hits both alike.

Before each timed run the files written so far are flushed to disk (`os.sync()`, not timed). The
kernel writes them back a few seconds later, whoever runs then: without the flush, a step paid
for the writes of the setup before it (a first template build starts right after its old working
copy is deleted) or of the step before it, and which of two interleaved steps came first decided
much of the difference between them (see BENCHMARKS.md, *Where the time goes*).
"""

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

# A step's setup for repetition `number` (not timed), returning what is timed.
Step = Callable[[int], Callable[[], object]]


@dataclass(frozen=True)
class Measurement:
    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def minimum(self) -> float:
        return min(self.samples)

    @property
    def maximum(self) -> float:
        return max(self.samples)


def measure(steps: dict[str, Step], *, repeats: int, warmups: int) -> dict[str, Measurement]:
    """Run every step `warmups + repeats` times, in order within each repetition; the seconds
    of the last `repeats` runs of each step."""
    samples: dict[str, list[float]] = {name: [] for name in steps}
    for number in range(warmups + repeats):
        for name, step in steps.items():
            timed = step(number)
            os.sync()
            start = time.perf_counter()
            timed()
            seconds = time.perf_counter() - start
            if number >= warmups:
                samples[name].append(seconds)
    return {name: Measurement(tuple(values)) for name, values in samples.items()}


def measure_once(action: Callable[[], object]) -> Measurement:
    """One run of what cannot be repeated from the same state (a first scan)."""
    os.sync()
    start = time.perf_counter()
    action()
    return Measurement((time.perf_counter() - start,))
