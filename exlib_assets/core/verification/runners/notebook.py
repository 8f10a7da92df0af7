"""Notebooks: run top to bottom in a real Jupyter kernel (nbclient) inside the sandbox.

A notebook is one test: it passes when every cell runs, so its test cells' asserts decide.
What the sandboxed `run_notebook.py` reports is judged here, per side:
- reference: any cell that raises or runs too long fails it, named by number with its traceback;
- student view: it must run without error up to the first stub (a code cell holding the stub
  line exlib writes for a solution region or cell, or a cell raising NotImplementedError) and
  fail after it. A cell failing before that means the student's starting point is broken:
  the side does not load. A notebook without any stub falls back to the plain rule (any
  failure is the student's work still to do).

Time: each cell may take the example's declared `timeout` (nbclient's per-cell timeout; half the
wall clock when none is declared, and never more), and the whole run, kernel start included,
the sandbox's wall clock.
"""

import json
import sys
from pathlib import Path

import nbformat

from exlib_assets.core.templates.markers import STUB_TEXT
from exlib_assets.core.verification.layout import TEMPLATE, Side
from exlib_assets.core.verification.runners.base import TestPlan
from exlib_assets.core.verification.sandbox import RunResult, run_confined
from exlib_assets.core.verification.verdict import SideResult, TestOutcome

NOTEBOOK_SCRIPT = Path(__file__).with_name("run_notebook.py")
NOTEBOOK_SUFFIX = ".ipynb"
TRACEBACK_LINES = 30  # the end of a traceback, where the failing line of the cell is


def run_notebook(side: Side, plan: TestPlan, notebook: str, environment: dict[str, str]) -> SideResult:
    """Run `notebook` (a path in the example's folder) on one side and judge what happened."""
    failed = [TestOutcome(notebook, "failed")]
    notebook_file = side.folder / notebook
    try:
        first_stub = _first_stub(notebook, notebook_file)
    except ValueError as error:
        return SideResult(passed=False, loaded=False, tests=failed, problem=str(error))
    result_file = side.results / f"notebook-{_count(side.results)}.json"
    cell_seconds, startup_seconds = cell_timeout(plan), plan.limits.wall_seconds / 2
    ran = run_confined(
        [sys.executable, "-B", str(NOTEBOOK_SCRIPT), notebook, str(result_file), f"{cell_seconds:g}",
         f"{startup_seconds:g}"],
        cwd=side.folder,
        environment=environment,
        limits=plan.limits,
        output_file=side.outputs / f"notebook-{_count(side.outputs)}",
        loopback=True,  # the kernel and its client talk over 127.0.0.1
    )  # fmt: skip
    report = _read_report(result_file, ran)
    if isinstance(report, str):
        return SideResult(passed=False, loaded=False, tests=failed, output=ran.output, problem=report)
    if report["kernel_problem"]:
        problem = f"{notebook}: {report['kernel_problem']}"
        return SideResult(passed=False, loaded=False, tests=failed, output=ran.output, problem=problem)
    if report["failed_cell"] is None and ran.exit_code == 0:
        return SideResult(passed=True, loaded=True, tests=[TestOutcome(notebook, "passed")], output=ran.output)
    if report["failed_cell"] is None:
        return SideResult(
            passed=False, loaded=False, tests=failed, output=ran.output,
            problem=f"{notebook}: the notebook runner ended with {ran.describe()} after every cell ran",
        )  # fmt: skip
    headline, traceback = _describe_failure(notebook, report)
    if report["timed_out"]:
        return SideResult(passed=False, loaded=False, tests=failed, output=ran.output, problem=headline)
    cell = report["failed_cell"]
    is_stub = report["error"] == "NotImplementedError"
    if side.name == TEMPLATE and first_stub is not None and cell < first_stub and not is_stub:
        headline += f", before the first stub (cell {first_stub}): the student's starting point is broken"
        return SideResult(passed=False, loaded=False, tests=failed, output=ran.output, problem=headline + traceback)
    return SideResult(passed=False, loaded=True, tests=failed, output=ran.output, problem=headline + traceback)


def cell_timeout(plan: TestPlan) -> float:
    """What one cell may take: the declared timeout, at most half the wall clock (the rest is for
    starting the kernel and the cells before)."""
    half = plan.limits.wall_seconds / 2
    declared = plan.declared_timeout()
    return min(declared, half) if declared else half


def is_notebook_test(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIX)


def _first_stub(notebook: str, path: Path) -> int | None:
    """The number of the first code cell holding the stub line, or None; raises ValueError
    saying what is wrong when `path` is no notebook that can run."""
    if not notebook.endswith(NOTEBOOK_SUFFIX):
        raise ValueError(
            f"{notebook} is named as a notebook test but is not a Jupyter notebook (.ipynb); "
            "name the .ipynb file in test.yaml, or give the test another type"
        )
    if not path.is_file():
        raise ValueError(f"{notebook}, named as a test, is not in the example; add it or correct its name")
    try:
        document = nbformat.reads(path.read_bytes().decode("utf-8-sig"), as_version=4)
        nbformat.validate(document)
    # nbformat's NotJSONError and ValidationError are ValueErrors; UnicodeDecodeError is one too.
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ValueError(
            f"{notebook} is not a valid notebook ({first}); open it in Jupyter, save it, and import the example "
            "as a new version"
        ) from None
    for number, cell in enumerate(document.cells, 1):
        if cell.cell_type == "code" and STUB_TEXT in cell.source:
            return number
    return None


def _read_report(result_file: Path, ran: RunResult) -> dict | str:
    """What `run_notebook.py` wrote, or why there is nothing to read (timeout, limit, crash)."""
    if ran.timed_out or ran.signal_name:
        return f"the notebook run was {ran.describe()}"
    try:
        report = json.loads(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"the notebook runner wrote no result ({ran.describe()}); see the output"
    expected = ("cells", "failed_cell", "error", "message", "traceback", "timed_out", "kernel_problem")
    if not isinstance(report, dict) or any(key not in report for key in expected):
        return "the notebook runner's result is not in the shape it writes; see the output"
    return report


def _describe_failure(notebook: str, report: dict) -> tuple[str, str]:
    """A headline naming the cell and what it raised, and the end of its traceback (or "")."""
    cell = report["failed_cell"]
    if report["timed_out"]:
        return f"{notebook}: cell {cell} {report['message']}", ""
    if not report["error"]:
        return f"{notebook}: cell {cell} failed: {report['message']}", ""
    message = f": {report['message']}" if report["message"] else ""
    headline = f"{notebook}: cell {cell} raised {report['error']}{message}"
    lines = (report["traceback"] or "").strip().splitlines()
    return headline, ("\n" + "\n".join(lines[-TRACEBACK_LINES:]) + "\n") if lines else ""


def _count(folder: Path) -> int:
    return len(list(folder.iterdir()))
