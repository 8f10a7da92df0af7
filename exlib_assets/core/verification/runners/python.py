"""Python: pytest on the test files, in a fresh interpreter, with the dependencies importable.

The interpreter is the service's own (so the packages installed for it are there), started in
the sandbox with `-B` and pytest's plugins off: only the example and its dependencies' folders
are on PYTHONPATH, as a grader that deploys them next to each other would set it.
Notebooks (`.ipynb` in testFiles or test.yaml, or test.yaml tests of type `notebook`) are run
top to bottom in a Jupyter kernel, each a test that passes when every cell runs (see `notebook`).
"""

import importlib.util
import os
import sys
import xml.etree.ElementTree as ElementTree

from exlib_assets.core.verification.layout import Side
from exlib_assets.core.verification.runners.base import TestPlan
from exlib_assets.core.verification.runners.notebook import is_notebook_test, run_notebook
from exlib_assets.core.verification.sandbox import run_confined, sandbox_environment
from exlib_assets.core.verification.verdict import SideResult, TestOutcome

# pytest's exit codes (https://docs.pytest.org/en/stable/reference/exit-codes.html)
ALL_PASSED, SOME_FAILED, INTERRUPTED, INTERNAL_ERROR, USAGE_ERROR, NONE_COLLECTED = range(6)
NOTEBOOK_TYPE = "notebook"  # a test.yaml test of this type is a notebook, whatever its file is called


class PythonRunner:
    name = "python"

    def missing(self, plan: TestPlan) -> str | None:
        if self.test_paths(plan) and importlib.util.find_spec("pytest") is None:
            return "pytest is not installed for the service's Python"
        if self.notebooks(plan) and not all(importlib.util.find_spec(name) for name in ("nbclient", "ipykernel")):
            return "nbclient and ipykernel, which run notebooks, are not installed for the service's Python"
        if not self.test_paths(plan) and not self.notebooks(plan):
            return "the example names no Python test files or notebooks (testFiles, or tests in test.yaml)"
        return None

    @staticmethod
    def test_paths(plan: TestPlan) -> list[str]:
        python_files = [path for path in plan.test_files if not is_notebook_test(path)]
        if python_files:
            return python_files
        return sorted(name for name, kind in _yaml_tests(plan) if name.endswith(".py") and kind != NOTEBOOK_TYPE)

    @staticmethod
    def notebooks(plan: TestPlan) -> list[str]:
        named = [path for path in plan.test_files if is_notebook_test(path)]
        declared = [name for name, kind in _yaml_tests(plan) if is_notebook_test(name) or kind == NOTEBOOK_TYPE]
        return sorted({*named, *declared})

    def run(self, side: Side, plan: TestPlan) -> SideResult:
        results = []
        if self.test_paths(plan):
            results.append(self._pytest(side, plan))
        results += [self._notebook(side, plan, notebook) for notebook in self.notebooks(plan)]
        if len(results) == 1:
            return results[0]
        problems = [result.problem for result in results if result.problem]
        return SideResult(
            passed=all(result.passed for result in results),
            loaded=all(result.loaded for result in results),
            tests=[test for result in results for test in result.tests],
            output="".join(result.output for result in results),
            problem="; ".join(problems) or None,
        )

    def _notebook(self, side: Side, plan: TestPlan, notebook: str) -> SideResult:
        return run_notebook(side, plan, notebook, self._environment(side))

    @staticmethod
    def _environment(side: Side) -> dict[str, str]:
        return sandbox_environment(
            side.home,
            {
                "PYTHONPATH": os.pathsep.join(str(p) for p in (side.folder, *side.dependency_folders)),
                "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
                "MPLBACKEND": "Agg",  # plots in a notebook draw nowhere
            },
        )

    def _pytest(self, side: Side, plan: TestPlan) -> SideResult:
        junit = side.results / "junit.xml"
        command = [
            sys.executable, "-B", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
            f"--rootdir={side.folder}", f"--junitxml={junit}", *self.test_paths(plan),
        ]  # fmt: skip
        result = run_confined(
            command,
            cwd=side.folder,
            environment=self._environment(side),
            limits=plan.limits,
            output_file=side.outputs / "pytest",
        )
        tests = _junit_outcomes(junit.read_bytes()) if junit.is_file() else []
        if result.timed_out or result.signal_name:
            return SideResult(passed=False, loaded=False, tests=tests, output=result.output, problem=result.describe())
        code = result.exit_code
        if code == ALL_PASSED:
            return SideResult(passed=True, loaded=True, tests=tests, output=result.output)
        if code == SOME_FAILED:
            return SideResult(passed=False, loaded=True, tests=tests, output=result.output, problem="tests failed")
        if code == NONE_COLLECTED:
            return SideResult(
                passed=False, loaded=True, tests=tests, output=result.output, problem="pytest collected no tests"
            )
        return SideResult(
            passed=False,
            loaded=False,
            tests=tests,
            output=result.output,
            problem=f"pytest could not load the tests ({result.describe()})",
        )


def _yaml_tests(plan: TestPlan) -> list[tuple[str, str | None]]:
    """The (file, type) of every test test.yaml names with a file."""
    tests = plan.yaml_properties().get("tests")
    named = [(t.get("file"), t.get("type")) for t in tests if isinstance(t, dict)] if isinstance(tests, list) else []
    return [(name, kind if isinstance(kind, str) else None) for name, kind in named if isinstance(name, str)]


def _junit_outcomes(data: bytes) -> list[TestOutcome]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []
    outcomes = []
    for case in root.iter("testcase"):
        kinds = {child.tag for child in case}
        outcome = (
            "failed" if "failure" in kinds else "error" if "error" in kinds else "skipped" if "skipped" in kinds
            else "passed"
        )  # fmt: skip
        classname = case.get("classname") or ""
        outcomes.append(
            TestOutcome(f"{classname}::{case.get('name')}" if classname else str(case.get("name")), outcome)
        )
    return outcomes
