"""C: build with the example's Makefile, or with `cc`, then run the test program.

With a Makefile that has a `test` target: `make` (its default target) is the build, and
`make test` runs the tests. Otherwise the sources named by test.yaml (`properties.sources`),
or every `.c` file at the example's top, are compiled with its `flags` into one program, which
is run; exit code 0 means every test passed. Lines starting with `FAIL` name failing tests.
A source not in the example is taken from a dependency's folder, and every dependency folder
is on the include path, as for a dependency deployed next to the example.
"""

import os
import re
import shutil

from exlib_assets.core.verification.layout import Side
from exlib_assets.core.verification.runners.base import TestPlan
from exlib_assets.core.verification.sandbox import RunResult, run_confined, sandbox_environment
from exlib_assets.core.verification.verdict import SideResult, TestOutcome

DEFAULT_FLAGS = ("-std=c11", "-Wall")
PROGRAM = "exlib_tests"
_MAKE_TEST_TARGET = re.compile(rb"^test\s*:", re.MULTILINE)


class CRunner:
    name = "c"

    def missing(self, plan: TestPlan) -> str | None:
        if _compiler() is None:
            return "no C compiler (cc or gcc) is installed on this machine"
        return None

    def run(self, side: Side, plan: TestPlan) -> SideResult:
        makefile = side.folder / "Makefile"
        if makefile.is_file() and _MAKE_TEST_TARGET.search(makefile.read_bytes()):
            if shutil.which("make") is None:
                return SideResult(passed=False, loaded=False, problem="the example has a Makefile but make is missing")
            build, test = ["make"], ["make", "test"]
        else:
            sources = self._sources(side, plan)
            if isinstance(sources, str):
                return SideResult(passed=False, loaded=False, problem=sources)
            includes = [
                f"-I{os.path.relpath(folder, side.folder)}" for folder in (side.folder, *side.dependency_folders)
            ]
            build = [str(_compiler()), *self._flags(plan), *includes, "-o", PROGRAM, *sources, "-lm"]
            test = [f"./{PROGRAM}"]
        built = self._step(side, plan, build, "build")
        compile_outcome = TestOutcome("compiles", "passed" if built.exit_code == 0 else "failed")
        if built.exit_code != 0:
            return SideResult(
                passed=False, loaded=False, tests=[compile_outcome], output=built.output,
                problem=f"the build failed ({built.describe()})",
            )  # fmt: skip
        ran = self._step(side, plan, test, "test")
        failures = list(dict.fromkeys(line.strip() for line in ran.output.splitlines() if line.startswith("FAIL")))
        tests = [compile_outcome, *(TestOutcome(line, "failed") for line in failures)]
        tests.append(TestOutcome("tests", "passed" if ran.exit_code == 0 else "failed"))
        output = built.output + ran.output
        if ran.timed_out or ran.signal_name:
            return SideResult(passed=False, loaded=True, tests=tests, output=output, problem=ran.describe())
        passed = ran.exit_code == 0
        return SideResult(
            passed=passed, loaded=True, tests=tests, output=output, problem=None if passed else "tests failed"
        )

    @staticmethod
    def _step(side: Side, plan: TestPlan, command: list[str], name: str) -> RunResult:
        compiler = _compiler()
        environment = sandbox_environment(side.home, {"CC": compiler} if compiler else {})
        return run_confined(
            command, cwd=side.folder, environment=environment, limits=plan.limits, output_file=side.outputs / name
        )

    @staticmethod
    def _flags(plan: TestPlan) -> list[str]:
        for source in (plan.yaml_properties().get("flags"), plan.backend_settings.get("flags")):
            if isinstance(source, list) and all(isinstance(flag, str) for flag in source):
                return list(source)
        return list(DEFAULT_FLAGS)

    @staticmethod
    def _sources(side: Side, plan: TestPlan) -> list[str] | str:
        named = plan.yaml_properties().get("sources")
        if not (isinstance(named, list) and all(isinstance(name, str) for name in named)):
            named = sorted(path.name for path in side.folder.glob("*.c"))
        if not named:
            return "no C sources to build: name them in test.yaml `properties.sources` or put .c files at the top"
        found = []
        for name in named:
            holder = next((f for f in (side.folder, *side.dependency_folders) if (f / name).is_file()), None)
            if holder is None:
                return f"{name}, named in test.yaml sources, is neither in the example nor in a dependency"
            # Relative to the example's folder, so messages (`__FILE__`) name the file, not the copy.
            found.append(os.path.relpath(holder / name, side.folder))
        return found


def _compiler() -> str | None:
    return shutil.which("cc") or shutil.which("gcc")
