"""Run a Jupyter notebook's code cells top to bottom in one namespace, as "Run all" does.

Started by the Python runner inside the sandbox, by file path: `python -B run_notebook.py
NOTEBOOK`. Standard library only, no kernel: the cells run in this interpreter. Lines of IPython
magics (`%...`, `!...`) are skipped. Exit codes: 0 every cell ran; 1 a cell raised (its number
and traceback are printed); 2 the notebook cannot be read as a notebook.
"""

import json
import sys
import traceback

NOT_A_NOTEBOOK, CELL_FAILED = 2, 1


def main(path: str) -> int:
    try:
        with open(path, encoding="utf-8") as handle:
            cells = json.load(handle)["cells"]
        sources = [
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in cells
            if cell.get("cell_type") == "code"
        ]
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"{path} is not a readable notebook: {error}")
        return NOT_A_NOTEBOOK
    namespace: dict = {"__name__": "__main__"}
    for number, source in enumerate(sources, 1):
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            exec(compile(code, f"{path} code cell {number}", "exec"), namespace)
        except BaseException:  # noqa: BLE001 - every failure of a cell is the notebook's result, reported below
            print(f"FAIL {path}: code cell {number} raised")
            traceback.print_exc(file=sys.stdout)
            return CELL_FAILED
    print(f"{path}: {len(sources)} code cells ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
