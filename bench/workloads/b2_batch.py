"""B2: a batch of examples into one empty course in one run and one commit."""

from bench import plain_git, synthetic
from bench.environment import BenchHome
from bench.results import Row, Verdict, WorkloadResult, adds_within, within_ratio
from bench.runs import content_keys, materialize_contents, materialize_nothing
from bench.sizes import Sizes
from bench.timing import measure
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest

# Near-linear: per example, the largest batch costs at most this much more than the smallest.
LINEAR_SLACK = 1.25

METHOD = (
    "Each repetition makes a new course with N contents assigned (examples 0..N-1, 10 files and "
    "about 50 KB each), then times one `dg.materialize` of its N `course_content_deployments` "
    "partitions (a contiguous range, one run, one commit, N materializations). The same deploy "
    "without Dagster (`deploy_course`, what the run calls) is timed on another new course, to show "
    "Dagster's share, and so is a run of an asset that does nothing over N partitions of a new "
    "course (one run, N materializations), Dagster's own floor for such a run. Plain git, beside "
    "them: clone a new empty bare repository, write the same N x 10 files, `git add`, "
    "`git commit`, `git push`."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B2", "A batch of examples in one run and one commit", METHOD)
    dagster_rows = []
    for count in sizes.b2_batches:
        files = synthetic.files_in_course(range(count))
        scratch = home.scratch(f"b2_{count}")

        def exlib_step(number: int, count: int = count):
            slug = f"b2_{count}_{number}"
            keys = content_keys(home.instance, slug, synthetic.create_course(home.app, slug, range(count)))
            return lambda: materialize_contents(home.instance, home.resources(), keys)

        def core_step(number: int, count: int = count):
            slug = f"b2core_{count}_{number}"
            synthetic.create_course(home.app, slug, range(count))
            return lambda: _require_commit(deploy_course(home.app, DeployRequest.deploy(slug)))

        def floor_step(number: int, count: int = count):
            slug = f"b2floor_{count}_{number}"
            keys = content_keys(home.instance, slug, [synthetic.content_path(n) for n in range(count)])
            return lambda: materialize_nothing(home.instance, keys)

        def plain_step(number: int, files=files, scratch=scratch):
            remote = plain_git.empty_remote(scratch / f"{number}.git")
            return lambda: plain_git.push_to_new_clone(remote, scratch / str(number), files)

        timings = measure(
            {"exlib": exlib_step, "core": core_step, "floor": floor_step, "plain": plain_step},
            repeats=sizes.repeats,
            warmups=sizes.warmups,
        )
        row = Row(f"{count} examples, one commit", timings["exlib"], timings["plain"], note="Dagster run")
        core = Row(
            f"{count} examples, one commit", timings["core"], timings["plain"], note="`deploy_course`, no Dagster"
        )
        floor = Row(
            f"a run of an asset that does nothing, {count} partitions", timings["floor"], note="Dagster's floor"
        )
        dagster_rows.append((count, row))
        result.rows += [row, core, floor]
    largest = result.rows[-3:]
    result.verdicts += [within_ratio(1.3, largest[1]), adds_within(1.2, *largest)]
    if len(dagster_rows) > 1:
        result.verdicts.append(_linear(*dagster_rows[0], *dagster_rows[-1]))
    return result


def _linear(small_count: int, small: Row, large_count: int, large: Row) -> Verdict:
    small_each = small.measured.median / small_count
    large_each = large.measured.median / large_count
    return Verdict(
        f"near-linear growth: per example, {large_count} cost at most {LINEAR_SLACK:g}x what {small_count} do",
        f"{small_each * 1000:.1f} ms -> {large_each * 1000:.1f} ms per example ({large_each / small_each:.2f}x)",
        large_each <= small_each * LINEAR_SLACK,
    )


def _require_commit(report) -> None:
    if not report.ok or not report.commit:
        raise RuntimeError(f"deploying course {report.course} did not commit: {report.outcomes[:3]}")
