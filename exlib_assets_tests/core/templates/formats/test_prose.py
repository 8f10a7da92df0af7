"""Marker regions in Markdown, HTML, R Markdown, Quarto and LaTeX, checked line by line."""

import time

import pytest

from exlib_assets.core.templates.formats import student_version, submission_starter
from exlib_assets.core.templates.leak_guard import find_leaks
from exlib_assets.core.templates.markers import MarkerError

MARKDOWN = """# Task

Explain the algorithm.

<!-- BEGIN SOLUTION -->
It halves the interval
until it is small enough.
<!-- END SOLUTION -->

  <!-- ---- BEGIN HIDDEN TESTS ---- -->
  The grader checks the interval too.
  <!-- ---- END HIDDEN TESTS ---- -->
Done.
"""


def lines(data: bytes) -> list[str]:
    return data.decode().split("\n")


def test_markdown_answers_become_a_visible_stub_and_hidden_parts_disappear():
    assert lines(student_version("w/task.md", MARKDOWN.encode())) == [
        "# Task",
        "",
        "Explain the algorithm.",
        "",
        "YOUR ANSWER HERE",
        "",
        "Done.",
        "",
    ]


def test_html_takes_the_same_comment_markers():
    page = "<p>Question</p>\n  <!-- BEGIN SOLUTION -->\n  <p>42</p>\n  <!-- END SOLUTION -->\n<p>End</p>\n"
    assert lines(student_version("w/q.html", page.encode())) == [
        "<p>Question</p>",
        "  YOUR ANSWER HERE",
        "<p>End</p>",
        "",
    ]


RMD = """---
title: "Report"
---

```{r setup, include=FALSE}
x <- c(1, 2, 3)
```

Compute the mean.

```{r mean-chunk}
m <- function(v) {
  # BEGIN SOLUTION
  sum(v) / length(v)
  # END SOLUTION
}
```

```{python}
def double(v):
    # BEGIN SOLUTION
    return 2 * v
    # END SOLUTION
```

```{Rcpp}
int twice(int v) {
  // BEGIN SOLUTION
  return 2 * v;
  // END SOLUTION
}
```

```r
# BEGIN HIDDEN TESTS
stopifnot(m(x) == 2)
# END HIDDEN TESTS
```

Why?

<!-- BEGIN SOLUTION -->
Because.

```{r}
m(x)
```
<!-- END SOLUTION -->
"""


@pytest.mark.parametrize("name", ["report.Rmd", "report.qmd"])
def test_r_markdown_and_quarto_chunks_take_their_languages_comment(name):
    assert lines(student_version(f"w/{name}", RMD.encode())) == [
        "---",
        'title: "Report"',
        "---",
        "",
        "```{r setup, include=FALSE}",
        "x <- c(1, 2, 3)",
        "```",
        "",
        "Compute the mean.",
        "",
        "```{r mean-chunk}",
        "m <- function(v) {",
        "  # TODO: your solution here",
        "}",
        "```",
        "",
        "```{python}",
        "def double(v):",
        "    pass  # TODO: your solution here",
        "```",
        "",
        "```{Rcpp}",
        "int twice(int v) {",
        "  // TODO: your solution here",
        "}",
        "```",
        "",
        "```r",
        "```",
        "",
        "Why?",
        "",
        "YOUR ANSWER HERE",
        "",
    ]


def test_a_comment_marker_of_another_language_in_a_chunk_is_no_marker_and_the_guard_refuses_it():
    # `//` is no comment in R: the lines stay, and the leak guard finds the marker words.
    text = "```{r}\nf <- function() {\n  // BEGIN SOLUTION\n  1\n  // END SOLUTION\n}\n```\n"
    stripped = student_version("w/a.Rmd", text.encode())
    assert stripped == text.encode()
    [leak] = find_leaks({"w/a.Rmd": stripped}, {})
    assert leak.reason == "a solution or hidden-test marker is left on line(s) 3, 5"


def test_a_markdown_heading_is_no_marker_so_the_guard_refuses_it():
    text = b"# BEGIN SOLUTION\nThe answer.\n# END SOLUTION\n"
    assert student_version("w/a.md", text) == text
    assert [leak.reason for leak in find_leaks({"w/a.md": text}, {})] == [
        "a solution or hidden-test marker is left on line(s) 1, 3"
    ]


def test_latex_takes_percent_comments():
    text = "\\section{Proof}\n% BEGIN SOLUTION\nBy induction on $n$.\n% END SOLUTION\n\\end{document}\n"
    assert lines(student_version("w/sheet.tex", text.encode())) == [
        "\\section{Proof}",
        "% TODO: your solution here",
        "\\end{document}",
        "",
    ]


def test_line_endings_and_a_bom_are_kept():
    text = "\ufeffQ\r\n<!-- BEGIN SOLUTION -->\r\nA\r\n<!-- END SOLUTION -->\r\n"
    assert student_version("w/a.md", text.encode()) == "\ufeffQ\r\nYOUR ANSWER HERE\r\n".encode()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.md", "x\n<!-- BEGIN SOLUTION -->\ny\n", "w/a.md, line 2: `BEGIN SOLUTION` is never closed"),
        ("a.md", "x\n<!-- END SOLUTION -->\n", "w/a.md, line 2: `END SOLUTION` has no `BEGIN SOLUTION`"),
        (
            "a.Rmd",
            "```{r}\n# BEGIN SOLUTION\n1\n```\n<!-- END SOLUTION -->\n",
            "w/a.Rmd, line 5: `END SOLUTION` is in prose, but its region was begun in the r chunk opened on line 1",
        ),
        (
            "a.qmd",
            "<!-- BEGIN SOLUTION -->\n```{r}\n# BEGIN HIDDEN TESTS\n```\n",
            "w/a.qmd, line 3: `BEGIN HIDDEN TESTS` inside the SOLUTION region begun on w/a.qmd, line 1",
        ),
        ("a.tex", "% BEGIN SOLUTION\n% END HIDDEN TESTS\n", "w/a.tex, line 2: `END HIDDEN TESTS` closes the SOLUTION"),
    ],
)
def test_unbalanced_markers_name_the_file_and_line(name, text, message):
    with pytest.raises(MarkerError) as raised:
        student_version(f"w/{name}", text.encode())
    assert str(raised.value).startswith(message)


def test_a_reference_with_marked_regions_is_the_starter_and_one_without_gives_an_empty_starter():
    marked = submission_starter("w/report.Rmd", RMD.encode())
    unmarked = submission_starter("w/notes.md", b"# Notes\nAll yours.\n")

    assert marked.derived and marked.data == student_version("w/report.Rmd", RMD.encode())
    assert (unmarked.derived, unmarked.data) == (False, b"")


def test_inline_code_with_three_backticks_opens_no_chunk():
    # Were ```x``` a fence, the region below would sit in an `x` chunk and need `#` markers.
    text = "Use ```x``` here.\n<!-- BEGIN SOLUTION -->\nx\n<!-- END SOLUTION -->\n"
    assert lines(student_version("w/a.md", text.encode())) == ["Use ```x``` here.", "YOUR ANSWER HERE", ""]


def test_a_hostile_line_of_comment_leaders_is_read_in_linear_time():
    # Read with backtracking, 200 000 `#` would take hours; a repository is hostile input.
    text = "```{r}\n" + "#" * 200_000 + " BEGIN SOLUTION x\n```\n"
    started = time.monotonic()
    assert student_version("w/a.Rmd", text.encode()) == text.encode()
    assert time.monotonic() - started < 5
