"""Benchmarks of exlib against the plain-git floor, on a synthetic library and courses.

    .venv/bin/python -m bench            # the full run (about 30 minutes); writes BENCHMARKS.md
    .venv/bin/python -m bench --quick    # smaller sizes (under 2 minutes); prints only
    .venv/bin/python -m bench --only B1,B3 --report /tmp/b.md

Everything happens in a fresh temporary EXLIB_HOME and DAGSTER_HOME (SQLite, local folder
storage, local bare git repositories), removed at the end.
"""

import argparse
import os
import shlex
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

import dagster as dg

from bench import report, synthetic
from bench.environment import bench_home
from bench.machine import RunInfo
from bench.results import Verdict, WorkloadResult
from bench.sizes import PROFILES
from bench.workloads import (
    b0_startup,
    b1_one_example,
    b2_batch,
    b3_template,
    b4_discovery,
    b5_update_flags,
    b6_graphql_launch,
    b7_memory,
    b8_repository_watch,
    b9_large_course,
    b10_many_partitions,
    b11_verification,
)

WORKLOADS = {
    "B0": b0_startup,
    "B1": b1_one_example,
    "B2": b2_batch,
    "B3": b3_template,
    "B4": b4_discovery,
    "B5": b5_update_flags,
    "B6": b6_graphql_launch,
    "B7": b7_memory,
    "B8": b8_repository_watch,
    "B9": b9_large_course,
    "B10": b10_many_partitions,
    "B11": b11_verification,
}
BENCHMARKS_MD = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_const", dest="profile", const="quick", help="smaller sizes, fewer runs")
    size.add_argument(
        "--tiny", action="store_const", dest="profile", const="tiny", help="the smallest sizes: proves it runs"
    )
    parser.add_argument("--only", default="", help="comma-separated workloads to run, e.g. B1,B4 (default: all)")
    parser.add_argument("--report", type=Path, help="write the figures into this markdown file")
    parser.add_argument("--no-report", action="store_true", help="do not write BENCHMARKS.md after a full run")
    arguments = parser.parse_args(argv)
    arguments.profile = arguments.profile or "full"
    chosen = [key.strip().upper() for key in arguments.only.split(",") if key.strip()] or list(WORKLOADS)
    unknown = [key for key in chosen if key not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(WORKLOADS)}")
    arguments.workloads = chosen
    if arguments.report is None and arguments.profile == "full" and not arguments.no_report:
        arguments.report = BENCHMARKS_MD
    return arguments


def main(argv: list[str]) -> None:
    arguments = parse_arguments(argv)
    sizes = PROFILES[arguments.profile]
    run = RunInfo(command=shlex.join(["python", "-m", "bench", *argv]), sizes=sizes)
    # The asset's backfill policy is beta in this Dagster release; the warning says nothing new.
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    print(f"{arguments.profile} run of {', '.join(arguments.workloads)}; {run.machine}; load {run.load}", flush=True)
    started = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="exlib-bench-") as folder, bench_home(Path(folder)) as home:
        setup = time.perf_counter()
        synthetic.import_examples(home.app, home.scratch("library"), range(sizes.library_size))
        print(f"library of {sizes.library_size} examples imported in {time.perf_counter() - setup:.1f} s", flush=True)
        for key in arguments.workloads:
            load = os.getloadavg()
            start = time.perf_counter()
            result = _run_workload(key, home, sizes)
            result.seconds, result.load = time.perf_counter() - start, load
            results.append(result)
            print(f"\n## {report.workload_title(result)}\n\n{report.workload_section(result, run)}\n", flush=True)
    run.seconds = time.perf_counter() - started
    print(f"## Summary\n\n{report.summary_section(results)}\n\n{run.seconds:.0f} s in all")
    if arguments.report:
        sections = {report.workload_title(result): report.workload_section(result, run) for result in results}
        if len(results) == len(WORKLOADS):
            # The run and its summary speak for every workload, so only a run of all of them writes them.
            sections = {"Latest run": report.run_section(run), "Summary": report.summary_section(results), **sections}
        report.write_sections(arguments.report, sections)
        print(f"written to {arguments.report}")


def _run_workload(key: str, home, sizes) -> WorkloadResult:
    """The workload's figures; a workload that fails is reported as failed, with its error, and
    the run goes on: one broken workload must not cost the figures of all the others."""
    try:
        return WORKLOADS[key].run(home, sizes)
    except Exception as error:  # reported in full below and in the report, not hidden
        traceback.print_exc()
        module = WORKLOADS[key]
        title = module.__doc__.split(":", 1)[1].strip().split("\n")[0] if module.__doc__ else key
        failed = WorkloadResult(key, title.rstrip("."), f"The workload failed: `{type(error).__name__}: {error}`")
        failed.verdicts.append(Verdict("the workload runs to its end", "failed, see its section", False))
        return failed


if __name__ == "__main__":
    main(sys.argv[1:])
