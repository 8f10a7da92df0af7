"""What exlib asks of Python's garbage collector around long pieces of work."""

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from exlib_assets.core.collector import collector_paused, older_objects_set_aside


class _Node:
    """Something a cycle can be made of and a weak reference can watch."""

    def __init__(self):
        self.other = self


@contextmanager
def freeze_counts_at_collections() -> Iterator[list[int]]:
    """The number of objects set aside each time a collection starts inside the block."""
    assert gc.isenabled()
    seen: list[int] = []

    def watch(phase: str, _info: dict) -> None:
        if phase == "start":
            seen.append(gc.get_freeze_count())

    # A low threshold, so that the work watched sets off collections however little it keeps.
    thresholds = gc.get_threshold()
    gc.set_threshold(50)
    gc.callbacks.append(watch)
    try:
        yield seen
    finally:
        gc.callbacks.remove(watch)
        gc.set_threshold(*thresholds)


def test_objects_alive_before_are_set_aside_and_handed_back_after():
    assert gc.get_freeze_count() == 0
    before = len(gc.get_objects())

    with older_objects_set_aside(), freeze_counts_at_collections() as seen:
        gc.collect()
        inside = gc.get_freeze_count()

    assert inside >= before * 0.9  # (a few objects were let go between the two counts)
    # Set-aside objects can only be freed, never added to, so the count at the collection's start
    # is at least the one after it.
    assert seen and inside <= min(seen) <= inside + 100
    assert gc.get_freeze_count() == 0


def test_garbage_made_inside_is_still_collected_inside():
    with older_objects_set_aside():
        cycle = _Node()
        watched = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert watched() is None


def test_a_cycle_that_was_alive_before_is_freed_again_after():
    cycle = _Node()
    watched = weakref.ref(cycle)
    with older_objects_set_aside():
        del cycle
        gc.collect()
        assert watched() is not None  # set aside: not looked at
    gc.collect()
    assert watched() is None


def test_a_freeze_made_elsewhere_is_left_as_it_was():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        young = [[] for _ in range(1000)]  # made after that freeze: another would take them too
        with older_objects_set_aside():
            assert gc.get_freeze_count() <= frozen  # nothing more set aside
        assert frozen - 100 <= gc.get_freeze_count() <= frozen  # and nothing handed back
        assert len(young) == 1000
    finally:
        gc.unfreeze()


def test_an_error_inside_still_hands_the_objects_back():
    try:
        with older_objects_set_aside():
            raise KeyError("boom")
    except KeyError:
        pass
    assert gc.get_freeze_count() == 0


def test_the_collector_is_paused_inside_and_on_again_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
