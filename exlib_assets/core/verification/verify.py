"""Verify one example version: its reference solution passes its tests, its student view does not."""

import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from exlib_assets.core.meta import ExampleMeta, parse_meta
from exlib_assets.core.templates.markers import MarkerError
from exlib_assets.core.templates.student_view import StudentViewError
from exlib_assets.core.verification.layout import REFERENCE, TEMPLATE, lay_out, template_files
from exlib_assets.core.verification.runner_choice import choose_runner
from exlib_assets.core.verification.runners.base import Runner, TestPlan, declared_timeout
from exlib_assets.core.verification.sandbox import Limits, isolation
from exlib_assets.core.verification.verdict import FAILED, NO_RUNNER, SideResult, Verdict, judge

# A declared timeout is what a grader allows one run; the sandbox allows more, since a busy
# machine starts interpreters and compilers slower, but never unbounded.
TIMEOUT_FACTOR, MIN_WALL_SECONDS, MAX_WALL_SECONDS = 3, 30.0, 300.0


def verify_files(
    key: str,
    files: Mapping[str, bytes],
    dependencies: Mapping[str, Mapping[str, bytes]],
    *,
    commands: Mapping[str, str],
    limits: Limits | None = None,
) -> Verdict:
    """The verdict for the version `key` (`identifier@version`) made of `files`, with the files
    of each of its (transitive) test dependencies by identifier."""
    started = time.monotonic()
    meta = parse_meta(files["meta.yaml"], folder=key)
    plan, runner = prepare(key, meta, files, commands=commands, limits=limits)
    if isinstance(runner, str):
        return Verdict(key, NO_RUNNER, None, reasons=[runner], seconds=time.monotonic() - started)
    try:
        student = template_files(files, meta, key=key)
    except (StudentViewError, MarkerError) as error:
        verdict = Verdict(key, FAILED, runner.name, reasons=[f"the student view cannot be built: {error}"])
        verdict.seconds = time.monotonic() - started
        return verdict
    root = Path(tempfile.mkdtemp(prefix="exlib-verify-"))
    try:
        root.chmod(0o711)  # the user the tests run as may pass through, not list or write
        results: dict[str, SideResult] = {}
        for side_name, side_files in ((REFERENCE, files), (TEMPLATE, student)):
            side = lay_out(root, side_name, meta.identifier, side_files, dependencies)
            results[side_name] = runner.run(side, plan)
            # Both sides run as the same user: the student view must not find the solutions beside it.
            shutil.rmtree(side.root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    verdict = judge(key, runner.name, results[REFERENCE], results[TEMPLATE])
    verdict.seconds = time.monotonic() - started
    verdict.network = isolation().network
    return verdict


def prepare(
    key: str, meta: ExampleMeta, files: Mapping[str, bytes], *, commands: Mapping[str, str], limits: Limits | None
) -> tuple[TestPlan, Runner | str]:
    """What to run for the example made of `files`, and the runner to run it (or why there is none)."""
    backend = meta.properties.execution_backend
    test_yaml = _test_yaml(files)
    plan = TestPlan(
        example=key,
        test_files=meta.properties.test_files,
        test_yaml=test_yaml,
        backend_settings=backend.settings if backend else {},
        limits=limits or _limits(backend.settings if backend else {}, test_yaml),
    )
    runner = choose_runner(backend.slug if backend else None, commands)
    why_not = runner if isinstance(runner, str) else runner.missing(plan)
    return plan, why_not or runner


def _test_yaml(files: Mapping[str, bytes]) -> Mapping[str, Any] | None:
    if "test.yaml" not in files:
        return None
    try:
        parsed = yaml.safe_load(files["test.yaml"])
    except yaml.YAMLError:
        return None  # test.yaml is a runner's business; one that cannot be read just says nothing
    return parsed if isinstance(parsed, dict) else None


def _limits(settings: Mapping[str, Any], test_yaml: Mapping[str, Any] | None) -> Limits:
    declared = declared_timeout(settings, test_yaml)
    if declared:
        wall = min(MAX_WALL_SECONDS, max(MIN_WALL_SECONDS, declared * TIMEOUT_FACTOR))
    else:
        wall = Limits().wall_seconds
    return Limits(wall_seconds=wall, cpu_seconds=int(wall))
