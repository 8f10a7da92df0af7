"""The leak guard looks inside notebooks: outputs, flagged cells and metadata, markers per cell,
and cells repeating what was kept from students."""

import pytest

from exlib_assets.core.templates.formats import student_version
from exlib_assets.core.templates.leak_guard import Leak, find_leaks
from exlib_assets_tests.core.templates.formats.notebooks import code, markdown, notebook

ANSWER = "def area(r):\n    return 3.14159 * r * r"
REFERENCE = notebook(
    markdown("# Circles\nWrite `area(r)`."),
    code(ANSWER, nbgrader={"solution": True, "grade": False}),
    code("assert round(area(2), 2) == 12.57", tags=["hidden"]),
    code("print(area(1))", outputs="3.14159\n", count=3),
)
TEST_FILE = "from answers import area\n\ndef test_area():\n    assert area(0) == 0\n"
EXCLUDED = {"w/circles/circles.ipynb": REFERENCE, "w/circles/test_circles.py": TEST_FILE.encode()}
PATH = "w/circles/circles.ipynb"


def reasons(student: bytes) -> list[str]:
    return [leak.reason for leak in find_leaks({PATH: student}, EXCLUDED)]


def test_the_student_view_of_a_notebook_is_no_leak():
    assert find_leaks({PATH: student_version(PATH, REFERENCE)}, EXCLUDED) == []


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            [markdown("# Circles"), code("area(1)", outputs="3.14159\n")],
            ["cell 2 keeps 1 output(s), which can show the answer"],
        ),
        (
            [markdown("# Circles"), code("# try here", tags=["solution"])],
            ["cell 2 is flagged as a solution or hidden cell in its metadata"],
        ),
        (
            [markdown("# Circles"), code("x = 1", nbgrader={"solution": True})],
            [
                "cell 2 is flagged as a solution or hidden cell in its metadata",
                "cell 2 metadata `nbgrader` is about solutions or tests",
            ],
        ),
        (
            [markdown("Answer:\n### BEGIN SOLUTION\nthe area grows with r squared\n### END SOLUTION")],
            [
                # Lines of the JSON file, from the check every file gets, then the cell and its lines.
                "a solution or hidden-test marker is left on line(s) 9, 11",
                "cell 1 still has a solution or hidden-test marker on line(s) 2, 4",
            ],
        ),
        (
            [markdown("# Circles"), code("assert area(1) > 3", tags=["hidden-tests"])],
            ["cell 2 is flagged as a solution or hidden cell in its metadata"],
        ),
        (
            [markdown("# Circles"), code("assert round(area(2), 2) == 12.57")],
            ["cell 2 is cell 3 of the excluded w/circles/circles.ipynb"],
        ),
        ([code(ANSWER + "\n")], ["cell 1 is cell 2 of the excluded w/circles/circles.ipynb"]),
        ([code(TEST_FILE)], ["cell 1 holds the excluded w/circles/test_circles.py"]),
    ],
    ids=[
        "output-holding-the-answer",
        "solution-tag",
        "nbgrader-solution-flag",
        "marker-in-a-markdown-cell",
        "hidden-test-cell",
        "hidden-test-cell-untagged",
        "solution-cell-untagged",
        "test-file-pasted",
    ],
)
def test_crafted_notebook_leaks_are_caught(cells, expected):
    assert reasons(notebook(*cells)) == expected


def test_notebook_metadata_naming_tests_is_caught():
    leaky = notebook(markdown("# Circles"), otter={"tests": {"q1": "assert area(1) > 3"}})
    assert reasons(leaky) == ["notebook metadata `otter` is about solutions or tests"]


def test_the_reference_notebook_itself_is_caught():
    assert [leak.reason for leak in find_leaks({"w/other/copy.ipynb": REFERENCE}, EXCLUDED)] == [
        "identical to the excluded w/circles/circles.ipynb",
        "cell 2 is flagged as a solution or hidden cell in its metadata",
        "cell 2 metadata `nbgrader` is about solutions or tests",
        "cell 2 is cell 2 of the excluded w/circles/circles.ipynb",
        "cell 3 is flagged as a solution or hidden cell in its metadata",
        "cell 3 is cell 3 of the excluded w/circles/circles.ipynb",
        "cell 4 keeps 1 output(s), which can show the answer",
        "has the same cells as the excluded w/circles/circles.ipynb",
    ]


def test_a_notebook_with_only_its_outputs_cleared_is_caught_as_its_reference():
    # No solution flagged, nothing marked: clearing outputs alone would hand out the answer.
    reference = notebook(markdown("# Sum"), code("total = 1 + 2\nprint(total)", outputs="3\n"))
    cleared = notebook(markdown("# Sum"), code("total = 1 + 2\nprint(total)"))
    leaks = find_leaks({"w/sum/copy.ipynb": cleared}, {"w/sum/sum.ipynb": reference})
    assert leaks == [Leak("w/sum/copy.ipynb", "has the same cells as the excluded w/sum/sum.ipynb")]


def test_an_unreadable_notebook_in_the_template_is_held_back():
    [leak] = find_leaks({PATH: b"{not json"}, EXCLUDED)
    assert leak.reason.startswith("not a notebook that can be checked: w/circles/circles.ipynb is not a notebook")
