"""B1: one typical example into a course that already holds deployments, as a real Dagster
materialization of its course_content_deployments partition."""

from bench import plain_git, synthetic
from bench.environment import BenchHome
from bench.results import Row, WorkloadResult, adds_within, under, within_ratio
from bench.runs import content_keys, materialize_contents, materialize_nothing
from bench.sizes import Sizes
from bench.timing import measure
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest

TARGET_SIZE = 100
# deploy_course against plain git, and the run against deploy_course, are judged at these sizes.
JUDGED_SIZES = (100, 500)

METHOD = (
    "A course holding N deployments, deployed in one commit beforehand. Each repetition assigns "
    "a new example (10 files, about 50 KB) to a new content (not timed), then times `dg.materialize` "
    "of that one partition of `course_content_deployments` on the instance, from the call to its "
    "return: the run is created, the files are read from storage and checked against the digest, "
    "the working copy kept from the course's previous run is brought up to date with the remote, "
    "the files and tracking are written, one commit is pushed, the database and the "
    "materialization are recorded. The same deploy without Dagster (`deploy_course`, what the run "
    "calls) is timed too, with its own new example, and so is a Dagster run of a partitioned "
    "asset that does nothing, the floor of any run on this instance. Plain git, beside them: in a clone of the "
    "course repository kept between repetitions (a bare copy of it), `git pull`, write the same "
    "10 files, `git add`, `git commit`, `git push`."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B1", "One typical example into a course", METHOD)
    next_example = max(sizes.b1_existing)
    for existing in sizes.b1_existing:
        slug = f"b1_{existing}"
        synthetic.create_course(home.app, slug, range(existing))
        deploy_course(home.app, DeployRequest.deploy(slug))
        scratch = home.scratch(slug)
        remote = plain_git.copy_remote(home.app.git_host.push_url(f"{slug}-assignments"), scratch / "remote.git")
        clone = plain_git.KeptClone(remote, scratch / "clone")
        # One new example per deploy: those after the largest course, so none is in a course yet.
        added: list[int] = []

        def assign_new(slug: str = slug, added: list[int] = added) -> list[str]:
            number = next_example + len(added)
            added.append(number)
            return synthetic.create_course(home.app, slug, range(number, number + 1))

        def dagster_step(number: int, slug: str = slug):
            keys = content_keys(home.instance, slug, assign_new())
            return lambda: materialize_contents(home.instance, home.resources(), keys)

        def core_step(number: int, slug: str = slug):
            paths = assign_new()
            return lambda: deploy_course(home.app, DeployRequest.deploy(slug, paths))

        def floor_step(number: int, slug: str = slug):
            [key] = content_keys(home.instance, slug, [synthetic.content_path(0)])
            return lambda: materialize_nothing(home.instance, [key])

        def plain_step(number: int, clone=clone, added: list[int] = added):
            # The files of the example deploy_course deployed in this repetition.
            files = synthetic.files_in_course(range(added[-1], added[-1] + 1))
            return lambda: clone.commit(files)

        timings = measure(
            {"dagster": dagster_step, "core": core_step, "floor": floor_step, "plain": plain_step},
            repeats=sizes.repeats,
            warmups=sizes.warmups,
        )
        what = f"1 example into a course of {existing}"
        result.rows += [
            Row(what, timings["dagster"], timings["plain"], note="Dagster run"),
            Row(what, timings["core"], timings["plain"], note="`deploy_course`, no Dagster"),
            Row("a Dagster run of an asset that does nothing", timings["floor"], note="Dagster's floor"),
        ]
    dagster_rows = result.rows[::3]
    target = next((row for row in dagster_rows if row.what.endswith(f" {TARGET_SIZE}")), dagster_rows[-1])
    result.verdicts.append(under(1.0, target))
    judged = [size for size in JUDGED_SIZES if size in sizes.b1_existing] or [max(sizes.b1_existing)]
    for size in judged:
        run, core, floor = result.rows[3 * sizes.b1_existing.index(size) : 3 * sizes.b1_existing.index(size) + 3]
        result.verdicts += [within_ratio(1.3, core), adds_within(1.2, run, core, floor)]
    return result
