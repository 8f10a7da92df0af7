"""Notebooks built in memory with nbformat, for the tests."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

KERNELS = {
    "python": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "r": {"display_name": "R", "language": "R", "name": "ir"},
    "c++": {"display_name": "C++17", "language": "C++", "name": "xcpp17"},
    "octave": {"display_name": "Octave", "language": "octave", "name": "octave"},
}


def notebook(*cells, kernel: str = "python", **metadata) -> bytes:
    """A valid nbformat 4.5 notebook; cells are nbformat cells, ids `c1`, `c2`, ..."""
    document = new_notebook(metadata={"kernelspec": KERNELS[kernel], **metadata})
    for number, cell in enumerate(cells, start=1):
        cell.id = f"c{number}"
        document.cells.append(cell)
    nbformat.validate(document)
    return nbformat.writes(document).encode()


def code(source: str, *, outputs: str | None = None, count: int | None = None, **metadata):
    cell = new_code_cell(source, execution_count=count, metadata=metadata)
    if outputs is not None:
        cell.outputs = [new_output("stream", name="stdout", text=outputs)]
    return cell


def markdown(source: str, **metadata):
    return new_markdown_cell(source, metadata=metadata)


def raw(source: str, **metadata):
    return new_raw_cell(source, metadata=metadata)


def read(data: bytes):
    """The notebook in `data`, read and validated by nbformat."""
    document = nbformat.reads(data.decode(), as_version=nbformat.NO_CONVERT)
    nbformat.validate(document)
    return document


def cells_of(data: bytes) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in read(data).cells]
