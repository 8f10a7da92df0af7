"""Building the code location without the garbage collector walking Dagster's heap over and over."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the definitions are imported and built.

    `import dagster` leaves hundreds of thousands of objects on the heap. Building our assets, jobs
    and sensors allocates enough to trigger full collections, and each one walks all of them again:
    about half of the code location's own import time, paid by every run process. What the build
    leaves is module-level definitions, kept anyway; the collector is switched back on afterwards
    (unless it was off already) and collects any garbage cycles in its next pass.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
