"""How exlib's long pieces of work keep Python's cyclic garbage collector from walking the heap.

A process that runs exlib holds hundreds of thousands of long-lived objects: Dagster, SQLAlchemy
and their modules. A full collection walks every one of them, and a deploy of 500 examples or a
template build allocates enough to set off several: on the machine of BENCHMARKS.md, a fifth of
a second per deploy, spent finding nothing to free.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector while the code location's definitions are imported and built.

    Building our assets, jobs and sensors on top of `import dagster` triggers full collections,
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


@contextmanager
def older_objects_set_aside() -> Iterator[None]:
    """Collections inside the block look only at objects made inside it.

    `gc.freeze()` moves every object alive now into a generation collections skip; what the block
    makes is collected as usual, and `gc.unfreeze()` hands the older objects back afterwards, so a
    cycle among them is still freed by a later full collection. If something else froze objects
    already (a server that forks does), the block leaves that as it is and sets nothing aside.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
