"""The leak guard's look inside notebooks: a template notebook must hold no output, no cell or
metadata flagged as a solution or hidden test, no marker, and no cell that repeats what was kept
from students (a solution cell of a reference notebook, or a whole excluded file)."""

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from exlib_assets.core.templates.formats.notebook import NOTEBOOK_SUFFIX, NotebookError, read_notebook
from exlib_assets.core.templates.formats.notebook_cells import is_hidden_cell, is_solution_cell, secret_metadata_keys

_MARKER_WORDS = re.compile(r"(?:BEGIN|END)[ \t_-]*(?:SOLUTION|HIDDEN[ \t_-]*TESTS)", re.IGNORECASE)
_TRAILING_WHITESPACE = re.compile(r"[ \t]+$", re.MULTILINE)


class NotebookSecrets:
    """What the excluded files make secret inside notebooks, gathered once per template."""

    def __init__(self, excluded: Mapping[str, bytes]) -> None:
        self.cells: dict[str, str] = {}  # digest of a solution or hidden cell's source -> where it is
        self.files: dict[str, str] = {}  # digest of a whole excluded text file -> its label
        self.notebooks: dict[tuple[str, ...], str] = {}  # a reference notebook's cell sources -> its label
        for label, data in sorted(excluded.items()):
            if label.lower().endswith(NOTEBOOK_SUFFIX):
                self._add_notebook(label, data)
            text = _text(data)
            if text is not None and text.strip():
                self.files.setdefault(_digest(text), label)

    def _add_notebook(self, label: str, data: bytes) -> None:
        try:
            notebook = read_notebook(label, data)
        except NotebookError:
            return  # nothing readable to compare with; its bytes are still compared whole
        for number, cell in enumerate(notebook.cells, start=1):
            if (is_solution_cell(cell) or is_hidden_cell(cell)) and cell.source.strip():
                self.cells.setdefault(_digest(cell.source), f"cell {number} of the excluded {label}")
        if any(cell.source.strip() for cell in notebook.cells):
            self.notebooks.setdefault(tuple(_digest(cell.source) for cell in notebook.cells), label)


def notebook_leaks(path: str, data: bytes, secrets: NotebookSecrets) -> list[str]:
    """Why the template notebook `path` must not be published (empty: it may)."""
    try:
        notebook = read_notebook(path, data)
    except NotebookError as error:
        return [f"not a notebook that can be checked: {error}"]
    reasons = [
        f"notebook metadata `{key}` is about solutions or tests" for key in secret_metadata_keys(notebook.metadata)
    ]
    for number, cell in enumerate(notebook.cells, start=1):
        reasons += _cell_leaks(number, cell, secrets)
    sources = tuple(_digest(cell.source) for cell in notebook.cells)
    if sources in secrets.notebooks:
        reasons.append(f"has the same cells as the excluded {secrets.notebooks[sources]}")
    return reasons


def _cell_leaks(number: int, cell: Any, secrets: NotebookSecrets) -> list[str]:
    reasons = []
    if cell.get("outputs"):
        reasons.append(f"cell {number} keeps {len(cell.outputs)} output(s), which can show the answer")
    if is_solution_cell(cell) or is_hidden_cell(cell):
        reasons.append(f"cell {number} is flagged as a solution or hidden cell in its metadata")
    for key in secret_metadata_keys(cell.get("metadata", {})):
        reasons.append(f"cell {number} metadata `{key}` is about solutions or tests")
    lines = [line for line, text in enumerate(cell.source.split("\n"), start=1) if _MARKER_WORDS.search(text)]
    if lines:
        shown = ", ".join(str(line) for line in lines)
        reasons.append(f"cell {number} still has a solution or hidden-test marker on line(s) {shown}")
    if cell.source.strip():
        digest = _digest(cell.source)
        if digest in secrets.cells:
            reasons.append(f"cell {number} is {secrets.cells[digest]}")
        elif digest in secrets.files:
            reasons.append(f"cell {number} holds the excluded {secrets.files[digest]}")
    return reasons


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _digest(text: str) -> str:
    """sha256 of the text apart from line endings and trailing whitespace."""
    normal = _TRAILING_WHITESPACE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()
