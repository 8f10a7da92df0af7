"""A runner a site configures: any other executionBackend slug mapped to a command.

`EXLIB_VERIFY_COMMAND__<SLUG>` (the slug in upper case, other characters as `_`) holds the
command line, split like a shell would (no shell runs it). The contract, per side:
- working folder: the example's folder (the reference solution, or the student view with the
  test files); dependencies are in sibling folders;
- environment: only PATH, LANG, LC_ALL, LC_CTYPE, TZ, HOME and TMPDIR (inside the copy), and
  VERIFY_SIDE (`reference` or `template`), VERIFY_EXAMPLE (`identifier@version`),
  VERIFY_TEST_FILES (the testFiles, one per line), VERIFY_DEPENDENCIES (the dependency folders,
  `:`-separated) and VERIFY_RESULT_FILE;
- exit code 0: every test passed; anything else: not;
- optionally, JSON written to VERIFY_RESULT_FILE, which then wins over the exit code:
  `{"passed": true|false, "loaded": true|false, "tests": [{"name": "...", "outcome":
  "passed|failed|error|skipped"}]}` (`loaded: false`: the code did not load or compile).
"""

import json
import os
import shlex
import shutil

from exlib_assets.core.verification.layout import Side
from exlib_assets.core.verification.runners.base import TestPlan
from exlib_assets.core.verification.sandbox import run_confined, sandbox_environment
from exlib_assets.core.verification.verdict import SideResult, TestOutcome

OUTCOMES = ("passed", "failed", "error", "skipped")


class CommandRunner:
    def __init__(self, slug: str, command_line: str):
        self.name = f"command:{slug}"
        self.slug = slug
        self.command = shlex.split(command_line)

    def missing(self, plan: TestPlan) -> str | None:
        if not self.command:
            return f"the command configured for executionBackend {self.slug!r} is empty"
        if shutil.which(self.command[0]) is None:
            return f"{self.command[0]!r}, configured for executionBackend {self.slug!r}, is not installed here"
        return None

    def run(self, side: Side, plan: TestPlan) -> SideResult:
        result_file = side.results / "result.json"
        environment = sandbox_environment(
            side.home,
            {
                "VERIFY_SIDE": side.name,
                "VERIFY_EXAMPLE": plan.example,
                "VERIFY_TEST_FILES": "\n".join(plan.test_files),
                "VERIFY_DEPENDENCIES": os.pathsep.join(str(folder) for folder in side.dependency_folders),
                "VERIFY_RESULT_FILE": str(result_file),
            },
        )
        ran = run_confined(
            self.command, cwd=side.folder, environment=environment, limits=plan.limits, output_file=side.outputs / "run"
        )
        if ran.timed_out or ran.signal_name:
            return SideResult(passed=False, loaded=False, output=ran.output, problem=ran.describe())
        if not result_file.is_file():
            passed = ran.exit_code == 0
            return SideResult(passed=passed, loaded=True, output=ran.output, problem=None if passed else ran.describe())
        try:
            reported = _read_result(result_file.read_bytes())
        except ValueError as error:
            return SideResult(
                passed=False, loaded=False, output=ran.output,
                problem=f"the runner's result file is not as documented: {error}",
            )  # fmt: skip
        reported.output = ran.output
        return reported


def _read_result(data: bytes) -> SideResult:
    parsed = json.loads(data)  # a JSONDecodeError is a ValueError
    if not isinstance(parsed, dict) or not isinstance(parsed.get("passed"), bool):
        raise ValueError('expected an object with "passed": true or false')
    tests = parsed.get("tests", [])
    if not isinstance(tests, list) or not all(
        isinstance(t, dict) and isinstance(t.get("name"), str) and t.get("outcome") in OUTCOMES for t in tests
    ):
        raise ValueError(f'"tests" must be a list of {{"name": text, "outcome": one of {", ".join(OUTCOMES)}}}')
    loaded = parsed.get("loaded", True)
    return SideResult(
        passed=parsed["passed"],
        loaded=bool(loaded),
        tests=[TestOutcome(t["name"], t["outcome"]) for t in tests],
        problem=None if parsed["passed"] else "tests failed",
    )
