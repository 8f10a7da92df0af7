"""Run a Jupyter notebook top to bottom in a real kernel with nbclient, as "Run all" does.

Started by the notebook runner inside the sandbox, by file path:

    python -B run_notebook.py NOTEBOOK RESULT_FILE CELL_SECONDS STARTUP_SECONDS

The kernel is the one the notebook's metadata names (`python3` when it names none), started by
jupyter_client as a child of this process; it talks to this process over ZMQ on 127.0.0.1, so
the sandbox switches on the loopback of its network namespace. Execution stops at the first
cell that raises, or that runs longer than CELL_SECONDS. Every cell's text output is printed,
and what happened is written to RESULT_FILE as JSON:

    {"cells": N, "failed_cell": N|null, "error": "ZeroDivisionError"|null, "message": "...",
     "traceback": "...", "timed_out": false, "kernel_problem": null|"..."}

Cells are numbered from 1 among all cells, as Jupyter shows them and as exlib's marker errors
name them. Exit codes: 0 every cell ran; 1 a cell failed or the kernel could not run it; 2 the
file is not a notebook nbformat can read. This file imports nothing of exlib: it runs in a
process that has only the interpreter's packages and the example's folders.
"""

import json
import re
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

NOT_A_NOTEBOOK, CELL_FAILED = 2, 1
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # IPython colours its tracebacks


def main(path: str, result_file: str, cell_seconds: float, startup_seconds: float) -> int:
    result: dict = {"cells": 0, "failed_cell": None, "error": None, "message": None, "traceback": None,
                    "timed_out": False, "kernel_problem": None}  # fmt: skip
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        # nbformat's own errors (NotJSONError, ValidationError) are ValueErrors too.
        result["kernel_problem"] = f"{path} is not a notebook nbformat can read ({_first_line(error)})"
        return _finish(result_file, result, NOT_A_NOTEBOOK)
    result["cells"] = len(notebook.cells)
    current = {"index": 0}
    client = NotebookClient(
        notebook,
        timeout=cell_seconds,
        startup_timeout=startup_seconds,
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
        shutdown_kernel="immediate",  # nothing of the run is worth waiting for once it is over
        # No history database in the copy; and no warning that ZMQ runs unencrypted over TCP: it
        # does, on a loopback nothing else can reach.
        extra_arguments=["--HistoryManager.enabled=False", "--IPKernelApp.log_level=ERROR"],
        on_cell_start=lambda cell, cell_index: current.update(index=cell_index),
    )
    code = 0
    try:
        client.execute()
    except CellTimeoutError:
        result.update(failed_cell=current["index"] + 1, timed_out=True,
                      message=f"did not finish within the per-cell timeout ({cell_seconds:g} s)")  # fmt: skip
        code = CELL_FAILED
    except CellExecutionError as error:
        cell = notebook.cells[current["index"]]
        result.update(failed_cell=current["index"] + 1, error=error.ename, message=error.evalue,
                      traceback=_traceback(cell) or ANSI_ESCAPE.sub("", str(error)))  # fmt: skip
        code = CELL_FAILED
    except DeadKernelError as error:
        result.update(failed_cell=current["index"] + 1, message=f"the kernel died ({_first_line(error)})")
        code = CELL_FAILED
    except NoSuchKernel as error:
        result["kernel_problem"] = f"no Jupyter kernel {error.name!r} is installed here"
        code = CELL_FAILED
    except RuntimeError as error:
        # jupyter_client: "Kernel didn't respond in N seconds", and kernels that exit at start.
        result["kernel_problem"] = f"the kernel could not start ({_first_line(error)})"
        code = CELL_FAILED
    _print_outputs(path, notebook, result)
    return _finish(result_file, result, code)


def _traceback(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return ANSI_ESCAPE.sub("", "\n".join(output.get("traceback", [])))
    return None


def _print_outputs(path: str, notebook, result: dict) -> None:
    """Each cell's text output, so the run's log reads like the notebook."""
    for number, cell in enumerate(notebook.cells, 1):
        texts = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output.get("text", ""))
            elif output.get("output_type") in ("execute_result", "display_data"):
                texts.append(output.get("data", {}).get("text/plain", "") + "\n")
        if texts:
            print(f"--- {path}, cell {number}")
            print("".join(texts), end="")
    if result["failed_cell"]:
        what = result["error"] or "failed"
        message = f": {result['message']}" if result["message"] else ""
        print(f"FAIL {path}: cell {result['failed_cell']} {'raised ' if result['error'] else ''}{what}{message}")
        if result["traceback"]:
            print(result["traceback"])
    elif result["kernel_problem"]:
        print(f"FAIL {path}: {result['kernel_problem']}")
    else:
        print(f"{path}: {result['cells']} cells ran")
    sys.stdout.flush()


def _finish(result_file: str, result: dict, code: int) -> int:
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")
    return code


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])))
