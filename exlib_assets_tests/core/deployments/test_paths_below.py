"""The contents below a path, found among a course's rows (what a deploy checks so that a content's
files never land in the folder of a content below it)."""

import random

from exlib_assets.core.deployments.wishes import _PathsBelow, _Row


def _row(number: int, path: str) -> _Row:
    return _Row(number, path, identifier=f"ex{number}", example_id=number, deployed=False)


def test_only_paths_below_are_found_whatever_order_the_rows_come_in():
    paths = ["week1", "week1.base", "week1.base.extra", "week10", "week10.base", "week1_b.base", "week0.x", "week2"]
    rows = [_row(number, path) for number, path in enumerate(paths)]
    random.Random(7).shuffle(rows)  # an ltree orders label by label; the lookup must not rely on it

    below = _PathsBelow(rows)

    assert [row.path for row in below.below("week1")] == ["week1.base", "week1.base.extra"]
    assert [row.path for row in below.below("week1.base")] == ["week1.base.extra"]
    assert [row.path for row in below.below("week10")] == ["week10.base"]
    assert list(below.below("week2")) == []
    assert list(below.below("week3")) == []
