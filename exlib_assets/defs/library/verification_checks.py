"""Verification checks on `example_versions`: does the reference pass its tests, and does the
student view not pass them?

Both come from one verification (a sandboxed run of the version's tests against each side),
made once per run and partition and kept as the version's verdict in the database. They run
with every materialization of a partition (the discovery sensor's runs select the asset with
its checks), so a version is verified when it is indexed.
"""

import dagster as dg

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.verification.service import verify_version
from exlib_assets.core.verification.verdict import FAILED, NO_RUNNER, SideResult, Verdict, excerpt
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.resources import ExlibResource

MAX_TESTS_SHOWN = 100
# One verification serves both checks of a run (the in-process executor runs them one after
# the other in one process); another run verifies again.
_verified: dict[tuple[str, str], Verdict | str] = {}


def _verdict(context: dg.AssetCheckExecutionContext, exlib: ExlibResource) -> Verdict | str:
    """The verdict for this run's partition, or why the version could not be verified."""
    key = (context.run.run_id, context.partition_key)
    if key not in _verified:
        for stale in [k for k in _verified if k[0] != context.run.run_id]:
            del _verified[stale]
        try:
            with exlib.open() as app:
                _verified[key] = verify_version(app, context.partition_key)
        except ExlibError as error:
            # Not indexed (a failed indexing check says why) or a dependency missing: not a verdict.
            _verified[key] = str(error)
    return _verified[key]


def _result(verdict: Verdict | str, side: str, ok: bool, meaning: str) -> dg.AssetCheckResult:
    if isinstance(verdict, str):
        return dg.AssetCheckResult(
            passed=False, severity=dg.AssetCheckSeverity.WARN, description=f"not verified: {verdict}"
        )
    metadata: dict = {
        "verdict": verdict.verdict,
        "runner": verdict.runner or "none",
        "seconds": round(verdict.seconds, 3),
        "network": verdict.network or "not run",
    }
    result: SideResult | None = getattr(verdict, side)
    if verdict.verdict == NO_RUNNER or result is None:
        # Nothing could be run here: not a fault of the example, but not a proof either.
        return dg.AssetCheckResult(
            passed=False,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"no runner: {verdict.reason}",
            metadata=metadata,
        )
    metadata.update(
        {
            "passed": result.passed,
            "loaded": result.loaded,
            "test_count": len(result.tests),
            "failing_count": len(result.failing()),
            "tests": dg.MetadataValue.md(_tests_table(result)),
            "output": dg.MetadataValue.md(f"```\n{excerpt(result.output)}\n```"),
        }
    )
    description = meaning if ok else (verdict.reason or f"verdict {FAILED}")
    return dg.AssetCheckResult(
        passed=ok, severity=dg.AssetCheckSeverity.ERROR, description=description, metadata=metadata
    )


def _tests_table(result: SideResult) -> str:
    rows = "\n".join(f"| `{t.name}` | {t.outcome} |" for t in result.tests[:MAX_TESTS_SHOWN])
    more = f"\n\n… and {len(result.tests) - MAX_TESTS_SHOWN} more" if len(result.tests) > MAX_TESTS_SHOWN else ""
    return f"| test | outcome |\n|---|---|\n{rows}{more}" if result.tests else "no tests reported"


@dg.asset_check(
    asset=example_versions,
    partitions_def=example_version_partitions,
    description="The example's tests pass against its reference solution (run in a sandbox).",
)
def solution_passes_tests(context: dg.AssetCheckExecutionContext, exlib: ExlibResource) -> dg.AssetCheckResult:
    verdict = _verdict(context, exlib)
    ok = isinstance(verdict, Verdict) and verdict.reference is not None and verdict.reference.passed
    return _result(verdict, "reference", ok, "the reference solution passes every test")


@dg.asset_check(
    asset=example_versions,
    partitions_def=example_version_partitions,
    description="The student template loads but does not pass the tests (run in a sandbox).",
)
def template_does_not_pass(context: dg.AssetCheckExecutionContext, exlib: ExlibResource) -> dg.AssetCheckResult:
    verdict = _verdict(context, exlib)
    template = verdict.template if isinstance(verdict, Verdict) else None
    ok = template is not None and template.loaded and not template.passed
    return _result(verdict, "template", ok, "the student template loads and does not pass the tests")
