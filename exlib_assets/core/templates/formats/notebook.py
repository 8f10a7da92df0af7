"""The student view of a Jupyter notebook, read and written with nbformat.

- Code cells: `BEGIN SOLUTION`/`END SOLUTION` regions become the stub line and `BEGIN HIDDEN
  TESTS` regions are removed, as in source files, in the comment syntax of the kernel's language.
  Markdown and raw cells: the HTML form, `<!-- BEGIN SOLUTION -->`.
- A cell flagged as a solution (nbgrader's `solution`, or a tag `solution`) is replaced by a
  stub cell: `YOUR ANSWER HERE` for Markdown, a stub comment for code. A hidden cell (tags
  `hidden`, `hidden-tests`, `remove-cell`) is removed.
- Every code cell loses its outputs and execution count (an output can show the answer), and
  metadata naming solutions, grading or tests is dropped from cells and notebook.
- The result is validated by nbformat. Cell ids are kept; a notebook whose ids are missing gets
  ids derived from the cell's position, so building twice gives the same bytes.
"""

import json
from dataclasses import dataclass
from typing import Any

import nbformat

from exlib_assets.core.templates.formats.languages import comment_markers
from exlib_assets.core.templates.formats.notebook_cells import (
    HIDDEN_TAGS,
    SOLUTION_TAGS,
    is_hidden_cell,
    is_solution_cell,
    secret_metadata_keys,
    tags_of,
)
from exlib_assets.core.templates.formats.prose import prose_markers
from exlib_assets.core.templates.formats.regions import (
    PROSE_STUB_TEXT,
    CommentMarkers,
    Context,
    Stripped,
    strip_regions,
)
from exlib_assets.core.templates.markers import STUB_TEXT, MarkerError

NOTEBOOK_SUFFIX = ".ipynb"
# Metadata that only records a past run; it goes with the outputs (saved widget state is output too).
_RUN_METADATA = ("execution", "ExecuteTime", "scrolled", "collapsed")
_RUN_NOTEBOOK_METADATA = ("widgets",)


class NotebookError(MarkerError):
    """A notebook that nbformat cannot read or validate, so its student view cannot be made."""


@dataclass(frozen=True)
class StudentNotebook:
    data: bytes
    # Regions processed and cells stubbed or removed; 0 means the author marked nothing.
    marked: int


def read_notebook(shown: str, data: bytes) -> Any:
    """The notebook in `data` as nbformat 4, validated; `shown` names the file in errors."""
    try:
        text = data.decode("utf-8-sig")
        # nbformat.reads would validate at once and fill in missing cell ids at random;
        # the ids are made deterministic first, then the notebook is validated.
        notebook = nbformat.reader.reads(text)
        original_major = notebook.get("nbformat")
        notebook = nbformat.convert(notebook, 4)
    # RecursionError: JSON nested deeper than Python's stack, which anyone able to push can write.
    except (UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError, RecursionError) as error:
        raise NotebookError(
            f"{shown} is not a notebook nbformat can read ({_first_line(error)}); open it in Jupyter, save it, "
            "and deploy the example again."
        ) from None
    except (nbformat.ValidationError, nbformat.NBFormatError, KeyError, TypeError, AttributeError, ValueError) as error:
        raise NotebookError(
            f"{shown} is not a valid notebook ({_first_line(error)}); open it in Jupyter, save it, "
            "and deploy the example again."
        ) from None
    _give_cells_ids(notebook, replace=original_major != 4)
    _validate(shown, notebook)
    return notebook


def write_notebook(shown: str, notebook: Any) -> bytes:
    _validate(shown, notebook)
    # As Jupyter writes it: nbformat's JSON and a final newline.
    return (nbformat.writes(notebook) + "\n").encode("utf-8")


def student_notebook(shown: str, data: bytes) -> StudentNotebook:
    """The student's version of the notebook in `data`; raises MarkerError naming the cell and
    line of unbalanced markers, NotebookError when it is no valid notebook."""
    notebook = read_notebook(shown, data)
    language = kernel_language(notebook)
    code_markers = comment_markers(language)
    cells = []
    marked = 0
    for number, cell in enumerate(notebook.cells, start=1):
        where = f"{shown}, cell {number}"
        if is_hidden_cell(cell):
            marked += 1
            continue
        if is_solution_cell(cell):
            marked += 1
            cell = _stub_cell(cell, language)
        else:
            stripped = _strip_cell(cell, code_markers, where)
            cell.source = "\n".join(stripped.lines)
            marked += stripped.regions
        _clear_run(cell)
        cells.append(cell)
    notebook.cells = cells
    for key in (*_RUN_NOTEBOOK_METADATA, *secret_metadata_keys(notebook.metadata)):
        notebook.metadata.pop(key, None)
    return StudentNotebook(write_notebook(shown, notebook), marked)


def empty_notebook(shown: str, reference: bytes | None) -> bytes:
    """A notebook without cells, for the kernel of `reference` when there is one: what an empty
    starter file is for a notebook (a file of zero bytes does not open in Jupyter)."""
    notebook = nbformat.v4.new_notebook()
    if reference is not None:
        source = read_notebook(shown, reference)
        notebook.metadata = {
            key: source.metadata[key] for key in ("kernelspec", "language_info") if key in source.metadata
        }
    return write_notebook(shown, notebook)


def kernel_language(notebook: Any) -> str | None:
    metadata = notebook.get("metadata", {})
    language = metadata.get("kernelspec", {}).get("language") or metadata.get("language_info", {}).get("name")
    return str(language) if language else None


def _strip_cell(cell: Any, code_markers: CommentMarkers, where: str) -> Stripped:
    """The regions of one cell: code in the kernel's comment syntax, Markdown and raw as prose."""
    if cell.cell_type != "code":
        return prose_markers(cell.source, where)
    lines = cell.source.split("\n")
    context = Context(code_markers, where)
    return strip_regions(lines, [context] * len(lines), where=lambda line: f"{where}, line {line}")


def _stub_cell(cell: Any, language: str | None) -> Any:
    if cell.cell_type == "markdown":
        stub = nbformat.v4.new_markdown_cell(PROSE_STUB_TEXT)
    elif cell.cell_type == "code":
        stub = nbformat.v4.new_code_cell(f"{comment_markers(language).line_comment} {STUB_TEXT}")
    else:
        stub = nbformat.v4.new_raw_cell(PROSE_STUB_TEXT)
    if "id" in cell:
        stub.id = cell.id
    stub.metadata = {key: value for key, value in cell.metadata.items() if key not in ("nbgrader", "tags")}
    kept_tags = sorted(tags_of(cell) - SOLUTION_TAGS - HIDDEN_TAGS)
    if kept_tags:
        stub.metadata["tags"] = kept_tags
    return stub


def _clear_run(cell: Any) -> None:
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    for key in (*_RUN_METADATA, *secret_metadata_keys(cell.metadata)):
        cell.metadata.pop(key, None)
    tags = cell.metadata.get("tags")
    if isinstance(tags, list):
        kept = [tag for tag in tags if str(tag).strip().lower() not in SOLUTION_TAGS | HIDDEN_TAGS]
        if kept:
            cell.metadata["tags"] = kept
        else:
            del cell.metadata["tags"]


def _give_cells_ids(notebook: Any, *, replace: bool) -> None:
    """Cell ids where nbformat 4.5 wants them: kept when present and unique, else from the position."""
    if (notebook.nbformat, notebook.nbformat_minor) < (4, 5):
        return
    seen: set[str] = set()
    for number, cell in enumerate(notebook.cells, start=1):
        if replace or not isinstance(cell.get("id"), str) or cell.get("id") in seen:
            cell["id"] = f"cell-{number}"
        seen.add(cell["id"])


def _validate(shown: str, notebook: Any) -> None:
    try:
        nbformat.validate(notebook)
    except (nbformat.ValidationError, RecursionError) as error:
        raise NotebookError(
            f"{shown} is not a valid notebook ({_first_line(error)}); open it in Jupyter, save it, "
            "and deploy the example again."
        ) from None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
