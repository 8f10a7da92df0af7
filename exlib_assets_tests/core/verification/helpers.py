"""Examples as file mappings, for verifying without a library."""

from pathlib import Path

import nbformat
import yaml

from exlib_assets.core.sample import SAMPLE_ROOT


def folder_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sample(name: str) -> dict[str, bytes]:
    for group in ("examples", "broken"):
        if (SAMPLE_ROOT / group / name).is_dir():
            return folder_files(SAMPLE_ROOT / group / name)
    raise LookupError(name)


def python_example(test_code: str, *, slug: str = "python", solution: str = "def answer():\n    return 42\n") -> dict:
    """A one-file Python example whose test file is `test_code`."""
    meta = {
        "identifier": "t.py.hostile",
        "version": "1.0",
        "properties": {
            "studentSubmissionFiles": ["solution.py"],
            "studentTemplates": ["studentTemplates/solution.py"],
            "testFiles": ["test_it.py"],
            "executionBackend": {"slug": slug},
        },
    }
    return {
        "meta.yaml": yaml.safe_dump(meta).encode(),
        "solution.py": solution.encode(),
        "studentTemplates/solution.py": b"def answer():\n    raise NotImplementedError\n",
        "test_it.py": test_code.encode(),
    }


# A solution region and the test cell that needs it: students get `pass  # TODO` in the function.
SOLUTION_CELL = "def total(values):\n    ### BEGIN SOLUTION\n    return sum(values)\n    ### END SOLUTION"
TEST_CELL = "assert total([1, 2, 3]) == 6\nprint('total: ok')"


def notebook_bytes(*cells: str) -> bytes:
    """A Python notebook as Jupyter saves one: code cells, except those starting with `# `
    followed by a title line, which are Markdown."""
    document = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(cell) if cell.startswith("# ") else nbformat.v4.new_code_cell(cell)
            for cell in cells
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    return nbformat.writes(document).encode()


def notebook_example(
    root: Path,
    name: str,
    cells: list[str],
    *,
    timeout: int = 60,
    files: dict[str, bytes] | None = None,
    meta: dict | None = None,
) -> Path:
    """An example folder whose reference is `work.ipynb` made of `cells`; students get it stripped."""
    folder = root / name
    folder.mkdir(parents=True)
    properties = {
        "studentSubmissionFiles": ["work.ipynb"],
        "studentTemplates": [],
        "testFiles": [],
        "executionBackend": {"slug": "python", "settings": {"timeout": timeout}},
    } | (meta or {})
    document = {"identifier": f"t.nb.{name}", "version": "1.0", "title": name, "properties": properties}
    test = {"name": "notebook", "type": "notebook", "file": "work.ipynb"}
    tests = {"type": "python", "properties": {"tests": [test]}}
    everything = {
        "meta.yaml": yaml.safe_dump(document).encode(),
        "test.yaml": yaml.safe_dump(tests).encode(),
        "work.ipynb": notebook_bytes(*cells),
    } | (files or {})
    for relpath, data in everything.items():
        (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
        (folder / relpath).write_bytes(data)
    return folder
