"""B11: verifying examples in the sandbox: the sample library, and N generated Python examples."""

from bench.environment import BenchHome
from bench.results import Row, WorkloadResult, under
from bench.sizes import Sizes
from bench.synthetic import identifier
from bench.timing import Measurement, measure_once
from exlib_assets.core.app import App
from exlib_assets.core.sample import SAMPLE_EXAMPLES
from exlib_assets.core.verification.service import verify_version

METHOD = (
    "`verify_version` (what `exlib library verify` and the example_versions checks run) for every "
    "version, one after the other: resolve it and its test dependencies, read their files from "
    "storage, lay out the two sides in a temporary copy, run the tests of each side in its own "
    "sandboxed process (a new network namespace, limits, tests as `nobody`), and store the "
    "verdict. First the sample library (every example of `sample_library/examples`: Python "
    "with pytest, C with make or cc, and three languages with no runner here, which cost only "
    "the look-up), then N of the synthetic library's typical Python examples (one pytest test "
    "each). The row is the whole pass, once; the note gives the time per example. Verifying "
    "runs no git, so there is no plain-git baseline."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B11", "Verifying examples in the sandbox", METHOD)
    with home.open_separate_app("b11") as app:
        report = app.library.import_paths([SAMPLE_EXAMPLES])
        if not report.ok:
            raise RuntimeError(f"the sample library did not import: {report.failed}")
        sample = sorted({f"{entry['identifier']}@{entry['version']}" for entry in report.imported})
        result.rows.append(_pass(app, sample, f"the sample library ({len(sample)} examples)"))
    synthetic = [identifier(number) for number in range(sizes.b11_examples)]
    result.rows.append(_pass(home.app, synthetic, f"{len(synthetic)} generated Python examples"))
    result.verdicts.append(under(3.0 * sizes.b11_examples, result.rows[-1]))
    return result


def _pass(app: App, references: list[str], what: str) -> Row:
    verdicts: dict[str, str] = {}

    def verify_all() -> None:
        for reference in references:
            verdicts[reference] = verify_version(app, reference).verdict

    measured: Measurement = measure_once(verify_all)
    failed = sorted(reference for reference, verdict in verdicts.items() if verdict == "failed")
    if failed:
        raise RuntimeError(f"{what}: verification failed for {', '.join(failed)}")
    counts = {verdict: list(verdicts.values()).count(verdict) for verdict in sorted(set(verdicts.values()))}
    per_example = measured.median / max(1, len(references))
    summary = ", ".join(f"{count} {verdict}" for verdict, count in counts.items())
    return Row(what, measured, note=f"{per_example:.2f} s per example; {summary}")
