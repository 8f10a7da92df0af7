"""After a deploy run has pushed: the deployed contents' tests, run in the assignments repository,
for courses that ask for it (`exlib course set SLUG --tests-after-deploy on`)."""

import dagster as dg

from exlib_assets.defs.resources import ExlibResource


def run_tests_after_deploy(context: dg.OpExecutionContext, exlib: ExlibResource, slug: str, paths: list[str] | None):
    """Log each content's outcome; fail the run naming the contents whose tests fail as deployed,
    so they are fixed before a student template is released."""
    from exlib_assets.core.verification.after_deploy import tests_after_deploy

    with exlib.open() as app:
        results = tests_after_deploy(app, slug, paths)
    if results is None:
        return
    for result in results:
        state = {True: "tests pass", False: "TESTS FAIL", None: "not run"}[result.passed]
        line = f"{slug}/{result.path} ({result.example}): {state} in the repository"
        (context.log.error if result.passed is False else context.log.info)(
            line + (f": {result.reason}" if result.reason else "")
        )
    failing = [result for result in results if result.passed is False]
    if failing:
        raise dg.Failure(
            description=f"{slug}: deployed, but the tests fail in the assignments repository for "
            + "; ".join(f"{r.path}: {r.reason}" for r in failing)
            + ". Fix the deployment (e.g. deploy the missing dependency) before releasing the student template.",
            metadata={"tests_after_deploy": dg.MetadataValue.json([r.to_dict() for r in results])},
        )
