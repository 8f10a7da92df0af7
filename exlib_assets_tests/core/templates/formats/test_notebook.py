"""Student views of Jupyter notebooks, checked cell by cell, and their validity with nbformat."""

import json

import nbformat
import pytest

from exlib_assets.core.sample import SAMPLE_EXAMPLES
from exlib_assets.core.templates.formats import NotebookError, student_version, submission_starter
from exlib_assets.core.templates.markers import MarkerError
from exlib_assets_tests.core.templates.formats.notebooks import cells_of, code, markdown, notebook, raw, read

TASK = notebook(
    markdown("# Squares\nWrite `square`."),
    code(
        "def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION",
        outputs="",
        count=1,
        nbgrader={"solution": False, "grade": False, "locked": False},
    ),
    code(
        "assert square(2) == 4\n### BEGIN HIDDEN TESTS\nassert square(-3) == 9\n### END HIDDEN TESTS\nprint('ok')",
        outputs="ok\n",
        count=2,
        nbgrader={"grade": True, "solution": False, "points": 1, "grade_id": "t1"},
        execution={"iopub.execute_input": "2026-01-01T10:00:00Z"},
    ),
    code("def cube(x):\n    return x ** 3", count=3, nbgrader={"solution": True, "grade": False}),
    code("assert cube(2) == 8", count=4, tags=["hidden", "keep-me"]),
    code("print(square(12))", outputs="144\n", count=5),
    markdown("Why does `square(-3)` equal `square(3)`?"),
    markdown("Because $(-x)^2 = x^2$.", tags=["solution"]),
    markdown("Summary:\n<!-- BEGIN SOLUTION -->\nsquares are even functions\n<!-- END SOLUTION -->\nThe end."),
    raw("print this", tags=["remove-cell"]),
    nbgrader={"__altered": False},
    otter={"tests": {"q1": "assert square(2) == 4"}},
    widgets={"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2, "version_minor": 0}},
)


def test_the_student_notebook_cell_by_cell():
    student = read(student_version("w/squares.ipynb", TASK))

    assert [(cell.cell_type, cell.source) for cell in student.cells] == [
        ("markdown", "# Squares\nWrite `square`."),
        ("code", "def square(x):\n    pass  # TODO: your solution here"),
        ("code", "assert square(2) == 4\nprint('ok')"),
        ("code", "# TODO: your solution here"),
        ("code", "print(square(12))"),
        ("markdown", "Why does `square(-3)` equal `square(3)`?"),
        ("markdown", "YOUR ANSWER HERE"),
        ("markdown", "Summary:\nYOUR ANSWER HERE\nThe end."),
    ]
    # Ids are kept (the hidden c5 and the removed raw cell c10 are gone).
    assert [cell.id for cell in student.cells] == ["c1", "c2", "c3", "c4", "c6", "c7", "c8", "c9"]
    code_cells = [cell for cell in student.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code_cells)
    assert all(cell.metadata == {} for cell in student.cells)
    assert student.metadata == {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}


def test_the_student_notebook_is_valid_and_stable():
    once = student_version("w/squares.ipynb", TASK)
    nbformat.validate(nbformat.reads(once.decode(), as_version=4))

    # Written as Jupyter writes it, so opening and saving it changes nothing, nor does stripping again.
    assert (nbformat.writes(read(once)) + "\n").encode() == once
    assert student_version("w/squares.ipynb", once) == once


def test_tags_other_than_solution_or_hidden_are_kept():
    data = notebook(code("x = 1", tags=["parameters", "Solution"]), code("y = 2", tags=["parameters"]))
    student = read(student_version("w/a.ipynb", data))
    assert [(cell.source, dict(cell.metadata)) for cell in student.cells] == [
        ("# TODO: your solution here", {"tags": ["parameters"]}),
        ("y = 2", {"tags": ["parameters"]}),
    ]


@pytest.mark.parametrize(
    ("kernel", "source", "expected"),
    [
        (
            "r",
            "f <- function() {\n  # BEGIN SOLUTION\n  1\n  # END SOLUTION\n}",
            "f <- function() {\n  # TODO: your solution here\n}",
        ),
        (
            "c++",
            "int f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}",
            "int f() {\n  // TODO: your solution here\n}",
        ),
        (
            "octave",
            "function y = f()\n  % BEGIN SOLUTION\n  y = 1;\n  % END SOLUTION\nend",
            "function y = f()\n  % TODO: your solution here\nend",
        ),
    ],
)
def test_code_cells_take_the_comment_of_the_kernels_language(kernel, source, expected):
    assert cells_of(student_version("w/a.ipynb", notebook(code(source), kernel=kernel))) == [("code", expected)]


def test_an_ipython_magic_is_never_read_as_a_comment():
    # `%` starts an Octave comment, but in a Python notebook it is a magic and stays a line of code,
    # so the words survive and the leak guard refuses the notebook instead of cutting code out.
    source = "%time f()\n%% BEGIN SOLUTION\nx = 1"
    assert cells_of(student_version("w/a.ipynb", notebook(code(source)))) == [("code", source)]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            [markdown("intro"), code("x = 1\n# BEGIN SOLUTION\ny = 2")],
            "w/a.ipynb, cell 2, line 2: `BEGIN SOLUTION` is never closed",
        ),
        (
            [code("# BEGIN SOLUTION\nx = 1"), code("# END SOLUTION")],
            "w/a.ipynb, cell 1, line 1: `BEGIN SOLUTION` is never closed",
        ),
        (
            [markdown("a"), markdown("b"), markdown("text\n<!-- END HIDDEN TESTS -->")],
            "w/a.ipynb, cell 3, line 2: `END HIDDEN TESTS` has no `BEGIN HIDDEN TESTS`",
        ),
    ],
)
def test_unbalanced_markers_name_the_cell_and_line(cells, message):
    with pytest.raises(MarkerError) as raised:
        student_version("w/a.ipynb", notebook(*cells))
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    "data",
    [
        b"{not json",
        b'{"cells": "no"}',
        b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{}]}',
        b'{"a": ' * 100_000 + b"1" + b"}" * 100_000,
    ],
    ids=["not-json", "no-notebook", "invalid-cell", "nested-too-deep"],
)
def test_a_broken_notebook_is_an_error_naming_it(data):
    with pytest.raises(NotebookError, match=r"^w/a\.ipynb is not a (valid notebook|notebook nbformat can read)"):
        student_version("w/a.ipynb", data)


def test_cells_without_ids_get_ids_from_their_position_so_building_twice_gives_the_same_bytes():
    document = json.loads(notebook(code("x = 1"), markdown("y")))
    for cell in document["cells"]:
        del cell["id"]
    # nbformat 4.5 without ids, as some tools write it (nbformat itself would add random ones).
    data = json.dumps(document).encode()

    first, second = student_version("w/a.ipynb", data), student_version("w/a.ipynb", data)

    assert first == second
    assert [cell.id for cell in read(first).cells] == ["cell-1", "cell-2"]


def test_a_reference_notebook_marks_its_solution_so_students_get_it_stripped():
    starter = submission_starter("w/squares.ipynb", TASK)
    assert starter.derived and starter.data == student_version("w/squares.ipynb", TASK)


def test_a_reference_notebook_without_marks_gives_an_empty_notebook_for_its_kernel():
    starter = submission_starter("w/a.ipynb", notebook(code("print(1)", outputs="1\n"), kernel="r"))
    empty = read(starter.data)
    assert not starter.derived
    assert empty.cells == [] and empty.metadata == {"kernelspec": {"display_name": "R", "language": "R", "name": "ir"}}


def test_the_sample_notebook_keeps_no_output_and_no_answer():
    reference = (SAMPLE_EXAMPLES / "py_grades_notebook/grades.ipynb").read_bytes()
    assert any(cell.get("outputs") for cell in read(reference).cells)  # the library copy was run

    student = read(student_version("grades.ipynb", reference))

    text = nbformat.writes(student)
    assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in student.cells)
    for answer in ("total += value", "score >= 90", "close to the median", "(90, 89, 80", "74.7"):
        assert answer in reference.decode() and answer not in text
