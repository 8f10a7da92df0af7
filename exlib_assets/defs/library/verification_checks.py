"""Verification checks on `example_versions`: does the reference pass its tests, and does the
student view not pass them?

Both come from one verification (a sandboxed run of the version's tests against each side),
made once per run and partition and kept as the version's verdict in the database. They run
with every materialization of a partition (the discovery sensor's runs select the asset with
its checks), so a version is verified when it is indexed.
"""

import dagster as dg

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.verification.verdict import FAILED, NO_RUNNER, SideResult, Verdict, excerpt
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.resources import ExlibResource

MAX_TESTS_SHOWN = 100
SOLUTION_PASSES_TESTS = "solution_passes_tests"
TEMPLATE_DOES_NOT_PASS = "template_does_not_pass"


def _verdict(context: dg.AssetCheckExecutionContext, exlib: ExlibResource) -> Verdict | str:
    """The verdict for this run's partition, or why the version could not be verified."""
    from exlib_assets.core.verification.service import verify_version

    try:
        with exlib.open() as app:
            return verify_version(app, context.partition_key)
    except ExlibError as error:
        # Not indexed (a failed indexing check says why) or a dependency missing: not a verdict.
        return str(error)


def _result(verdict: Verdict | str, side: str, ok: bool, meaning: str, check: str) -> dg.AssetCheckResult:
    if isinstance(verdict, str):
        return dg.AssetCheckResult(
            check_name=check,
            passed=False,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"not verified: {verdict}",
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
            check_name=check,
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
        check_name=check, passed=ok, severity=dg.AssetCheckSeverity.ERROR, description=description, metadata=metadata
    )


def _tests_table(result: SideResult) -> str:
    rows = "\n".join(f"| `{t.name}` | {t.outcome} |" for t in result.tests[:MAX_TESTS_SHOWN])
    more = f"\n\n… and {len(result.tests) - MAX_TESTS_SHOWN} more" if len(result.tests) > MAX_TESTS_SHOWN else ""
    return f"| test | outcome |\n|---|---|\n{rows}{more}" if result.tests else "no tests reported"


# Both checks come from one verification, so they are one multi-asset check: a run that selects
# them verifies once, and nothing is kept between runs.
@dg.multi_asset_check(
    name="verify_example_version",
    specs=[
        dg.AssetCheckSpec(
            SOLUTION_PASSES_TESTS,
            asset=example_versions,
            partitions_def=example_version_partitions,
            description="The example's tests pass against its reference solution (run in a sandbox).",
        ),
        dg.AssetCheckSpec(
            TEMPLATE_DOES_NOT_PASS,
            asset=example_versions,
            partitions_def=example_version_partitions,
            description="The student template loads but does not pass the tests (run in a sandbox).",
        ),
    ],
)
def verification_checks(context: dg.AssetCheckExecutionContext, exlib: ExlibResource):
    verdict = _verdict(context, exlib)
    reference = verdict.reference if isinstance(verdict, Verdict) else None
    template = verdict.template if isinstance(verdict, Verdict) else None
    yield _result(
        verdict,
        "reference",
        reference is not None and reference.passed,
        "the reference solution passes every test",
        SOLUTION_PASSES_TESTS,
    )
    yield _result(
        verdict,
        "template",
        template is not None and template.loaded and not template.passed,
        "the student template loads and does not pass the tests",
        TEMPLATE_DOES_NOT_PASS,
    )
