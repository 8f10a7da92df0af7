"""Python: pytest on the test files, in a fresh interpreter, with the dependencies importable.

The interpreter is the service's own (so the packages installed for it are there), started in
the sandbox with `-B` and pytest's plugins off: only the example and its dependencies' folders
are on PYTHONPATH, as a grader that deploys them next to each other would set it.
"""

import importlib.util
import os
import sys
import xml.etree.ElementTree as ElementTree

from exlib_assets.core.verification.layout import Side
from exlib_assets.core.verification.runners.base import TestPlan
from exlib_assets.core.verification.sandbox import run_confined, sandbox_environment
from exlib_assets.core.verification.verdict import SideResult, TestOutcome

# pytest's exit codes (https://docs.pytest.org/en/stable/reference/exit-codes.html)
ALL_PASSED, SOME_FAILED, INTERRUPTED, INTERNAL_ERROR, USAGE_ERROR, NONE_COLLECTED = range(6)


class PythonRunner:
    name = "python"

    def missing(self, plan: TestPlan) -> str | None:
        if importlib.util.find_spec("pytest") is None:
            return "pytest is not installed for the service's Python"
        if not self.test_paths(plan):
            return "the example names no Python test files (testFiles, or pytest tests in test.yaml)"
        return None

    @staticmethod
    def test_paths(plan: TestPlan) -> list[str]:
        if plan.test_files:
            return list(plan.test_files)
        tests = plan.yaml_properties().get("tests")
        named = [t.get("file") for t in tests if isinstance(t, dict)] if isinstance(tests, list) else []
        return sorted({name for name in named if isinstance(name, str) and name.endswith(".py")})

    def run(self, side: Side, plan: TestPlan) -> SideResult:
        junit = side.results / "junit.xml"
        command = [
            sys.executable, "-B", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
            f"--rootdir={side.folder}", f"--junitxml={junit}", *self.test_paths(plan),
        ]  # fmt: skip
        environment = sandbox_environment(
            side.home,
            {
                "PYTHONPATH": os.pathsep.join(str(p) for p in (side.folder, *side.dependency_folders)),
                "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            },
        )
        result = run_confined(
            command, cwd=side.folder, environment=environment, limits=plan.limits, output_file=side.outputs / "pytest"
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
