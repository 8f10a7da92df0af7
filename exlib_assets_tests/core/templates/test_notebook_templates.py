"""A course built on a notebook and an R Markdown report: its student template, forked with git,
and leaks crafted into its assignments repository, on both backends."""

import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.sample import SAMPLE_EXAMPLES
from exlib_assets.core.templates.builder import build_template
from exlib_assets_tests.core.templates.formats.notebooks import code, markdown, notebook
from exlib_assets_tests.repositories import clone, commit_count, push_change

SLUG = "nb1"
EXPECTED_FORK = {
    "README.md",
    "week1/grades/README.md",
    "week1/grades/grades.ipynb",
    "week1/grades/meta.yaml",
    "week1/heights/README.md",
    "week1/heights/data/heights.csv",
    "week1/heights/meta.yaml",
    "week1/heights/report.Rmd",
}
# The student's grades.ipynb, cell by cell: the library copy's solutions, hidden tests, outputs
# and grading metadata gone.
EXPECTED_CELLS = [
    ("markdown", "grades-01", "# Exam grades\n\nA course kept the points"),
    ("code", "grades-02", 'points = [72, 95, 58, 88, 64, 91, 47, 79, 83, 70]\nprint(len(points), "students")'),
    ("markdown", "grades-03", "## 1. The mean\n\nWrite `mean(values)`"),
    (
        "code",
        "grades-04",
        'def mean(values):\n    """The arithmetic mean of a non-empty list of numbers."""\n'
        "    pass  # TODO: your solution here",
    ),
    ("code", "grades-05", 'assert mean([1, 2, 3]) == 2\nassert mean([5]) == 5\nprint("mean: ok")'),
    ("markdown", "grades-06", "## 2. Letter grades\n\nWrite `letter(score)`"),
    ("code", "grades-07", "# TODO: your solution here"),
    ("code", "grades-08", 'assert letter(95) == "A" and letter(47) == "F"\nprint("letter: ok")'),
    ("code", "grades-10", "from collections import Counter\n\ncounts = Counter(letter(p) for p in points)\n"),
    ("markdown", "grades-11", "## 3. What do you see?\n\nWhich letter is most common?"),
    ("markdown", "grades-12", "YOUR ANSWER HERE"),
]
EXPECTED_REPORT = """---
title: "Heights by group"
output: html_document
---

```{r setup, include=FALSE}
heights <- read.csv("data/heights.csv")
```

## 1. Group means

Write `group_means(df)`: a named vector with the mean height of each group, in
the order of the group names.

```{r group-means}
group_means <- function(df) {
  # TODO: your solution here
}
group_means(heights)
```

```{r check-means}
stopifnot(length(group_means(heights)) == 2)
```

## 2. Which group is taller?

YOUR ANSWER HERE
"""


@pytest.fixture
def notebook_course(app):
    """Course nb1: the sample notebook at week1.grades and the R Markdown report at week1.heights, deployed."""
    report = app.library.import_paths([SAMPLE_EXAMPLES / "py_grades_notebook", SAMPLE_EXAMPLES / "r_heights_report"])
    assert report.failed == []
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, SLUG)
        courses.add_content(session, course, "week1", "Week 1")
        for path, example in (
            ("week1.grades", "itpcp.ds.py.grades_notebook"),
            ("week1.heights", "itpcp.stats.r.heights_report"),
        ):
            courses.assign(session, library, courses.add_content(session, course, path), example)
    deployed = deploy_course(app, DeployRequest.deploy(SLUG))
    assert deployed.ok, [outcome.reason for outcome in deployed.outcomes if not outcome.ok]
    return SLUG


def repository(app, role: str) -> str:
    return app.git_host.push_url(courses.repository_names(SLUG)[role])


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts}


def test_a_notebook_course_fork_holds_exactly_the_expected_notebooks(app, notebook_course, tmp_path):
    report = build_template(app, SLUG)

    student = clone(repository(app, "student_template"), tmp_path / "student")
    assert files_in(student) == EXPECTED_FORK
    assert sorted(report.paths) == ["week1.grades", "week1.heights"]
    data = (student / "week1/grades/grades.ipynb").read_bytes()
    grades = nbformat.reads(data.decode(), as_version=nbformat.NO_CONVERT)
    nbformat.validate(grades)
    assert len(grades.cells) == len(EXPECTED_CELLS)
    for cell, (kind, cell_id, start) in zip(grades.cells, EXPECTED_CELLS, strict=True):
        assert (cell.cell_type, cell.id) == (kind, cell_id)
        assert cell.source.startswith(start), (cell_id, cell.source)
        assert cell.metadata == {}
        if kind == "code":
            assert cell.outputs == [] and cell.execution_count is None
    # Round trip: what Jupyter would write back after opening it is byte for byte the same.
    assert (nbformat.writes(grades) + "\n").encode() == data
    assert (student / "week1/heights/report.Rmd").read_text().split("\n") == EXPECTED_REPORT.split("\n")
    # Built again from the same commit: the same bytes, so no new commit.
    assert build_template(app, SLUG).commit is None
    assert commit_count(repository(app, "student_template")) == 1


def add_traditional_notebook(cells: list) -> Callable[[Path], None]:
    """A lecturer's change: a folder outside the library shipping one notebook by `.studentfiles`."""

    def change(clone: Path) -> None:
        (clone / "week2/extra").mkdir(parents=True)
        (clone / "week2/extra/.studentfiles").write_text("*.ipynb\n")
        (clone / "week2/extra/extra.ipynb").write_bytes(notebook(*cells))

    return change


def with_extra_content(app) -> None:
    with app.db.session() as session:
        courses.add_content(session, courses.require_course(session, SLUG), "week2.extra", "Extra")


REFERENCE = nbformat.reads((SAMPLE_EXAMPLES / "py_grades_notebook/grades.ipynb").read_text(), as_version=4)
SOLUTION_CELL = REFERENCE.cells[6].source  # nbgrader solution cell: letter()
HIDDEN_CELL = REFERENCE.cells[8].source  # tagged `hidden`


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (
            [markdown("## Hint\n# BEGIN SOLUTION\nloop over the values\n# END SOLUTION")],
            "cell 1 still has a solution or hidden-test marker on line(s) 2, 4",
        ),
        ([code(SOLUTION_CELL)], "cell 1 is cell 7 of the excluded week1/grades/grades.ipynb"),
        ([code(HIDDEN_CELL)], "cell 1 is cell 9 of the excluded week1/grades/grades.ipynb"),
    ],
    ids=["marker-in-a-markdown-cell", "solution-cell-copied-untagged", "hidden-test-cell-copied-untagged"],
)
def test_a_crafted_notebook_leak_is_held_back_and_never_published(app, notebook_course, tmp_path, cells, reason):
    with_extra_content(app)
    push_change(repository(app, "assignments"), tmp_path, add_traditional_notebook(cells), "extra notebook")

    report = build_template(app, SLUG)

    # The leaking content is held back (never released, so left out); the rest of the course is.
    [held] = report.held_back
    assert held.path == "week2.extra" and held.kept == []
    assert f"week2/extra/extra.ipynb: {reason}" in held.reason
    student = clone(repository(app, "student_template"), tmp_path / "student")
    assert not (student / "week2/extra").exists()
    assert (student / "week1/grades/grades.ipynb").is_file()


def test_outputs_and_flags_never_reach_the_fork(app, notebook_course, tmp_path):
    # An output holding the answer, a solution-tagged cell and a hidden-test cell, in a notebook
    # a lecturer ships outside the library: stripped like the library's, so the guard lets it pass.
    cells = [
        code("print(letter(95))", outputs="A\n", count=1),
        code("answer = 42", tags=["solution"]),
        code("assert answer == 42", tags=["hidden"]),
    ]
    with_extra_content(app)
    push_change(repository(app, "assignments"), tmp_path, add_traditional_notebook(cells), "extra notebook")

    build_template(app, SLUG)

    student = clone(repository(app, "student_template"), tmp_path / "student")
    extra = nbformat.reads((student / "week2/extra/extra.ipynb").read_text(), as_version=4)
    assert [(cell.source, cell.outputs, cell.metadata) for cell in extra.cells] == [
        ("print(letter(95))", [], {}),
        ("# TODO: your solution here", [], {}),
    ]


def test_unbalanced_markers_in_a_notebook_hold_it_back_naming_file_cell_and_line(app, notebook_course, tmp_path):
    def unbalance(clone: Path) -> None:
        path = clone / "week1/grades/grades.ipynb"
        document = nbformat.reads(path.read_text(), as_version=4)
        document.cells[3].source = document.cells[3].source.replace("    ### END SOLUTION", "")
        path.write_text(nbformat.writes(document))

    push_change(repository(app, "assignments"), tmp_path, unbalance, "lost an END")

    report = build_template(app, SLUG)

    [held] = report.held_back
    assert held.path == "week1.grades" and held.kept == []
    assert re.search(r"week1/grades/grades\.ipynb, cell 4, line 3: `BEGIN SOLUTION` is never closed", held.reason)
    student = clone(repository(app, "student_template"), tmp_path / "student")
    assert not (student / "week1/grades").exists() and (student / "week1/heights/report.Rmd").is_file()


PROSE = {
    "sheet.md": (
        "# Sheet\n<!-- BEGIN SOLUTION -->\nThe answer.\n<!-- END SOLUTION -->\n"
        "```python\ndef f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n```\n",
        "# Sheet\nYOUR ANSWER HERE\n```python\ndef f():\n    pass  # TODO: your solution here\n```\n",
    ),
    "sheet.qmd": (
        "Task\n\n```{julia}\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n```\n"
        "<!-- BEGIN HIDDEN TESTS -->\nGrader notes.\n<!-- END HIDDEN TESTS -->\n",
        "Task\n\n```{julia}\n# TODO: your solution here\n```\n",
    ),
    "sheet.tex": (
        "\\item Prove it.\n% BEGIN SOLUTION\nBy induction.\n% END SOLUTION\n",
        "\\item Prove it.\n% TODO: your solution here\n",
    ),
    "page.html": (
        "<p>Why?</p>\n<!-- BEGIN SOLUTION -->\n<p>Because.</p>\n<!-- END SOLUTION -->\n",
        "<p>Why?</p>\nYOUR ANSWER HERE\n",
    ),
}


def test_prose_formats_reach_the_fork_stripped_line_by_line(app, notebook_course, tmp_path):
    def add_sheets(clone: Path) -> None:
        (clone / "week2/extra").mkdir(parents=True)
        (clone / "week2/extra/.studentfiles").write_text("*\n")
        for name, (reference, _) in PROSE.items():
            (clone / "week2/extra" / name).write_text(reference)

    with_extra_content(app)
    push_change(repository(app, "assignments"), tmp_path, add_sheets, "exercise sheets")

    build_template(app, SLUG)

    student = clone(repository(app, "student_template"), tmp_path / "student")
    assert files_in(student / "week2/extra") == set(PROSE)
    for name, (_, expected) in PROSE.items():
        assert (student / "week2/extra" / name).read_text().split("\n") == expected.split("\n"), name
