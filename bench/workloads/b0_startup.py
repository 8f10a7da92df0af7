"""B0: how long a command takes to start, and how long a run process takes to load the code
location, next to the cost of the packages they cannot do without."""

import subprocess
import sys
from collections.abc import Callable

from bench import synthetic
from bench.environment import BenchHome
from bench.results import Row, WorkloadResult, within_ratio
from bench.sizes import Sizes
from bench.timing import measure
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest

COURSE = "b0_course"
CONTENTS = 20
REPEAT_FACTOR = 3

METHOD = (
    "Each figure is one whole process, started the way a user or Dagster starts it, timed from "
    "start to exit: the `exlib` console script (the embedded default, a course of "
    f"{CONTENTS} deployed contents), and `python -c 'import exlib_assets.definitions'`, which "
    "every run process does before its first step. Yardsticks, timed interleaved in the same "
    "repetitions: `python -c 'import click'` for `exlib --help`, `python -c 'import sqlalchemy'` "
    "for the read-only commands (they cannot answer without SQLAlchemy), `python -c 'import "
    "dagster'` for the code location. A process start is short and easily disturbed, so each is "
    f"repeated {REPEAT_FACTOR} times as often as the section's header says."
)

CLI_COMMANDS = {
    "exlib --help": ["--help"],
    "exlib course list": ["course", "list"],
    "exlib library list": ["library", "list"],
    f"exlib history {COURSE}": ["history", COURSE],
    f"exlib status {COURSE}": ["status", COURSE],
}


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B0", "Start-up: the command line and the code location", METHOD)
    # The library is sized for the other workloads; the smallest runs hold fewer examples.
    synthetic.create_course(home.app, COURSE, range(min(CONTENTS, sizes.library_size)))
    deploy_course(home.app, DeployRequest.deploy(COURSE))
    exlib = [sys.executable, "-c", "from exlib_assets.cli.main import cli; cli()"]
    steps = {name: _process([*exlib, *args], home) for name, args in CLI_COMMANDS.items()}
    steps |= {
        "import click": _process([sys.executable, "-c", "import click"], home),
        "import sqlalchemy": _process([sys.executable, "-c", "import sqlalchemy"], home),
        "import dagster": _process([sys.executable, "-W", "ignore", "-c", "import dagster"], home),
        "code location": _process([sys.executable, "-W", "ignore", "-c", "import exlib_assets.definitions"], home),
    }
    # A process start is short and noisy on a shared machine: three times the repetitions.
    timings = measure(steps, repeats=REPEAT_FACTOR * sizes.repeats, warmups=sizes.warmups)
    yardstick = {"exlib --help": "import click", "code location": "import dagster"}
    for name in [*CLI_COMMANDS, "code location"]:
        base = yardstick.get(name, "import sqlalchemy")
        what = "import exlib_assets.definitions" if name == "code location" else name
        result.rows.append(Row(what, timings[name], timings[base], yardstick=f"python -c '{base}'"))
    help_row, *read_only, location = result.rows
    result.verdicts += [within_ratio(3, help_row), *(within_ratio(3, row) for row in read_only)]
    result.verdicts.append(within_ratio(1.5, location))
    return result


def _process(command: list[str], home: BenchHome) -> Callable[[int], Callable[[], object]]:
    environment = home.environment()

    def step(_number: int) -> Callable[[], object]:
        return lambda: subprocess.run(command, env=environment, check=True, capture_output=True)

    return step
