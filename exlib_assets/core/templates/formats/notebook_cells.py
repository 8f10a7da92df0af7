"""What a notebook says about its cells: which are solutions or hidden tests, and which metadata
names solutions or tests. Shared by the stripping and by the leak guard, so both agree."""

import re
from typing import Any

# Tags (Jupyter Book, Otter, hand-written) that make a whole cell a solution or a hidden cell.
SOLUTION_TAGS = frozenset({"solution", "solutions", "answer"})
HIDDEN_TAGS = frozenset({"hidden", "hidden-tests", "hidden_tests", "hidden-test", "remove-cell", "remove_cell"})
# Metadata keys whose content is about solutions, grading or tests (nbgrader, Otter-Grader, ...).
_SECRET_KEY = re.compile(r"solution|answer|hidden|test|grade|nbgrader|otter", re.IGNORECASE)


def tags_of(cell: Any) -> set[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return {str(tag).strip().lower() for tag in tags} if isinstance(tags, list) else set()


def is_solution_cell(cell: Any) -> bool:
    """nbgrader's `solution` flag, or a solution tag."""
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return (isinstance(nbgrader, dict) and nbgrader.get("solution") is True) or bool(tags_of(cell) & SOLUTION_TAGS)


def is_hidden_cell(cell: Any) -> bool:
    """A hidden-test (or otherwise removed) cell, by tag.

    nbgrader's `grade` flag alone marks the visible tests students run, so such a cell stays;
    its `BEGIN HIDDEN TESTS` regions are removed like any other."""
    return bool(tags_of(cell) & HIDDEN_TAGS)


def secret_metadata_keys(metadata: Any) -> list[str]:
    """The top-level keys of a notebook's or cell's metadata that name solutions or tests."""
    return sorted(key for key in metadata if _SECRET_KEY.search(str(key))) if isinstance(metadata, dict) else []
