"""B7: peak memory of B2's batch deploy, in a child process of its own.

    python -m bench.workloads.b7_memory KEY... (started by the bench, with the bench home's environment)

The child imports what a run worker imports, opens the instance, runs the materialization,
and prints its peak resident set size before and after the run, as JSON: `VmHWM` from
/proc/self/status, the high-water mark of its own memory. `getrusage(...).ru_maxrss` would not
do: Linux carries the parent's size at the fork into the child's figure across `exec`, so every
child would report at least the bench's own size (and each git process, the size of whoever
started it).
"""

import json
import subprocess
import sys
import warnings
from pathlib import Path

from bench import synthetic
from bench.environment import BenchHome
from bench.results import Row, WorkloadResult, under
from bench.runs import content_keys
from bench.sizes import Sizes
from bench.timing import Measurement

PROJECT = Path(__file__).resolve().parents[2]

METHOD = (
    "For each size, a new course with N contents assigned, then a child process (`python -m "
    "bench.workloads.b7_memory`) that imports the code location, opens the instance and runs the "
    "same `dg.materialize` as B2. Peak memory is the child's peak resident set size, `VmHWM` "
    "from /proc/self/status at its end (Python, Dagster, the run and the deploy all live in it; "
    "not `ru_maxrss`, which Linux starts from the parent's size at the fork); the short-lived git "
    "processes it starts are not included. A fresh process per sample, no warm-up."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B7", "Peak memory of a batch deploy", METHOD)
    for count in sizes.b7_batches:
        probes = []
        for number in range(sizes.b7_samples):
            slug = f"b7_{count}_{number}"
            keys = content_keys(home.instance, slug, synthetic.create_course(home.app, slug, range(count)))
            probes.append(_probe_in_child(home, keys))
        peak = Measurement(tuple(probe["peak_kib"] / 1024 for probe in probes))
        before = max(probe["before_kib"] for probe in probes) / 1024
        result.rows.append(
            Row(f"{count} examples in one run: peak RSS", peak, unit="MiB", note=f"{before:.0f} MiB before the run")
        )
    result.verdicts.append(under(500, result.rows[-1]))
    return result


def _probe_in_child(home: BenchHome, keys: list[str]) -> dict:
    command = [sys.executable, "-m", "bench.workloads.b7_memory", *keys]
    done = subprocess.run(command, cwd=PROJECT, env=home.environment(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the memory probe failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _probe(keys: list[str]) -> dict:
    warnings.filterwarnings("ignore", category=Warning, module="dagster")
    import dagster as dg

    from bench.runs import materialize_contents
    from exlib_assets.defs.resources import ExlibResource
    from exlib_assets.defs.s3 import S3Connection

    with dg.DagsterInstance.get() as instance:
        # Settings from the environment, as in a run the webserver launches.
        resources = {"exlib": ExlibResource(s3=S3Connection())}
        before = _peak_rss_kib()
        materialize_contents(instance, resources, keys)
    return {"before_kib": before, "peak_kib": _peak_rss_kib()}


def _peak_rss_kib() -> int:
    """The high-water mark of this process's resident memory since it started (exec), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("/proc/self/status has no VmHWM: peak memory is measured on Linux only")


if __name__ == "__main__":
    print(json.dumps(_probe(sys.argv[1:])))
