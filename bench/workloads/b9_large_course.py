"""B9: one course of thousands of contents: deploy all, `exlib status`, the student template."""

import subprocess
import sys

from bench import plain_git, synthetic
from bench.environment import BenchHome, exlib_resources
from bench.results import Row, Verdict, WorkloadResult
from bench.runs import content_keys, materialize_contents, materialize_template
from bench.sizes import Sizes
from bench.timing import Measurement, measure, measure_once
from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest

# Per content, the largest course may cost at most this multiple of what the smallest costs.
LINEAR_SLACK = 1.25

METHOD = (
    "For each size N, a new course of N contents (examples 0..N-1, 10 files and about 50 KB each, "
    "in a database, storage and git host of its own, so that no other workload's courses are "
    "counted). *Deploy all*: one `dg.materialize` of the course's N `course_content_deployments` "
    "partitions (one run, one commit, N materializations), timed once; plain git beside it writes "
    "the same files into a clone of a new empty repository, adds, commits and pushes, timed once. "
    "*exlib status*: the `exlib` console script in a new process (`exlib status COURSE`, the "
    "embedded default), repeated, beside `python -c 'import sqlalchemy'`. *First template build*: "
    "`dg.materialize` of the course's `student_templates` partition, timed once; plain git beside it "
    "commits the same template files into a clone of a new empty repository. *Rebuild after one "
    "content changed*: each repetition imports a new version of one example and deploys it (not "
    "timed), then times the same materialization; plain git commits the files that rebuild "
    "changed into a clone kept between repetitions. Each row's note gives its cost per content."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B9", "One course of thousands of contents", METHOD)
    with home.open_separate_app("b9") as app:
        _measure(app, home, sizes, result)
    return result


def _measure(app: App, home: BenchHome, sizes: Sizes, result: WorkloadResult) -> None:
    resources = exlib_resources(app.settings)
    environment = {**home.environment(), "EXLIB_HOME": str(app.settings.home)}
    scratch = home.scratch("b9")
    deploys: list[tuple[int, Row]] = []
    imported = 0
    for count in sizes.b9_contents:
        synthetic.import_examples(app, scratch / f"library-{count}", range(imported, count))
        imported = count
        slug = f"b9_{count}"
        keys = content_keys(home.instance, slug, synthetic.create_course(app, slug, range(count)))
        files = synthetic.files_in_course(range(count))
        deploy = measure_once(lambda keys=keys: materialize_contents(home.instance, resources, keys))
        remote = plain_git.empty_remote(scratch / f"{slug}-plain.git")
        plain = measure_once(
            lambda remote=remote, slug=slug, files=files: plain_git.push_to_new_clone(
                remote, scratch / f"{slug}-plain", files
            )
        )
        deploys.append((count, Row(f"deploy all {count} contents", deploy, plain, note=_each(deploy, count))))

        exlib = [sys.executable, "-c", "from exlib_assets.cli.main import cli; cli()"]
        status = measure(
            {
                "status": _process([*exlib, "status", slug], environment),
                "floor": _process([sys.executable, "-c", "import sqlalchemy"], environment),
            },
            repeats=sizes.repeats,
            warmups=sizes.warmups,
        )
        result.rows.append(
            Row(
                f"exlib status, {count} contents",
                status["status"],
                status["floor"],
                yardstick="python -c 'import sqlalchemy'",
            )
        )
        result.rows += _template_rows(app, home, resources, slug, count, sizes)
    result.rows = [row for _, row in deploys] + result.rows
    (small_count, small), (large_count, large) = deploys[0], deploys[-1]
    if large_count > small_count:
        small_each, large_each = small.measured.median / small_count, large.measured.median / large_count
        result.verdicts.append(
            Verdict(
                f"deploy all grows near-linearly: per content, {large_count} cost at most {LINEAR_SLACK:g}x "
                f"what {small_count} do",
                f"{small_each * 1000:.1f} ms -> {large_each * 1000:.1f} ms per content "
                f"({large_each / small_each:.2f}x)",
                large_each <= small_each * LINEAR_SLACK,
            )
        )


def _template_rows(app: App, home: BenchHome, resources: dict, slug: str, count: int, sizes: Sizes) -> list[Row]:
    template = app.git_host.push_url(courses.repository_names(slug)["student_template"])
    scratch = home.scratch(f"{slug}-template")
    first = measure_once(lambda: materialize_template(home.instance, resources, slug))
    built = plain_git.files_at(template, scratch / "built")
    remote = plain_git.empty_remote(scratch / "first.git")
    first_plain = measure_once(lambda: plain_git.push_to_new_clone(remote, scratch / "first", built))
    clone = plain_git.KeptClone(plain_git.copy_remote(template, scratch / "rebuilds.git"), scratch / "clone")

    def rebuild(number: int):
        synthetic.publish_new_version(app, scratch / f"v{number}", number)
        if not deploy_course(app, DeployRequest.deploy(slug, [synthetic.content_path(number)])).commit:
            raise RuntimeError(f"the new version of example {number} changed nothing in {slug}")
        return lambda: materialize_template(home.instance, resources, slug)

    def rebuild_plain(number: int):
        written, deleted = plain_git.last_change(template)
        return lambda: clone.commit(written, deleted)

    again = measure({"exlib": rebuild, "plain": rebuild_plain}, repeats=sizes.repeats, warmups=sizes.warmups)
    return [
        Row(f"first template build, {count} contents", first, first_plain, note=_each(first, count)),
        Row(f"template rebuild after 1 of {count} contents changed", again["exlib"], again["plain"]),
    ]


def _process(command: list[str], environment: dict[str, str]):
    def step(_number: int):
        return lambda: subprocess.run(command, env=environment, check=True, capture_output=True)

    return step


def _each(measured: Measurement, count: int) -> str:
    return f"{measured.median / count * 1000:.1f} ms per content"
