"""B3: the student template of a course, built the first time and rebuilt after one content changed."""

import shutil

from bench import plain_git, synthetic
from bench.environment import BenchHome
from bench.results import Row, Verdict, WorkloadResult, under, within_ratio
from bench.runs import materialize_template
from bench.sizes import Sizes
from bench.timing import measure
from exlib_assets.core import courses
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.templates.builder import build_template

# In proportion to what changed: with the same one-content change, the rebuild of the largest
# course costs at most this multiple of the rebuild of the smallest.
REBUILD_GROWTH = 1.2
# The first build: at most this multiple of plain git committing the same template.
FIRST_BUILD_RATIO = 1.5

METHOD = (
    "A course of N contents (examples 0..N-1, deployed in one commit beforehand). *First build*: "
    "each repetition empties the `{course}-student-template` repository and drops the working "
    "copy exlib kept of it (not timed), then times `dg.materialize` of the course's "
    "`student_templates` partition: bring the kept working copy of the assignments repository up "
    "to date, derive every content's student files, run the leak guard over all of them, commit "
    "and push the template. *After one content changed*: each repetition imports a new version of "
    "one example and deploys it to the course (not timed), then times the same materialization. "
    "`build_template` without Dagster is timed the same way, with its own change. Plain git, "
    "beside them, commits the files the build changed: on a first build, all of them, into a "
    "clone of the empty repository; on a rebuild, those the newest template commit changed, in a "
    "clone kept between repetitions (`git pull`, write, `git add`, `git commit`, `git push`)."
)


def run(home: BenchHome, sizes: Sizes) -> WorkloadResult:
    result = WorkloadResult("B3", "The student template of a course", METHOD)
    first_rows, rebuild_rows = [], []
    for count in sizes.b3_contents:
        slug = f"b3_{count}"
        synthetic.create_course(home.app, slug, range(count))
        deploy_course(home.app, DeployRequest.deploy(slug))
        name = courses.repository_names(slug)["student_template"]
        template = home.app.git_host.push_url(name)
        scratch = home.scratch(slug)
        built: dict[str, bytes] = {}

        def empty_template(name=name, template=template) -> None:
            shutil.rmtree(template)
            home.app.git_host.ensure_repository(name)
            # The working copy a build keeps (core/deployments/working_copies.py): a first build has none.
            shutil.rmtree(home.settings.home / "workspaces" / f"{name}.kept", ignore_errors=True)

        def change_one_content(number: int, slug=slug) -> None:
            synthetic.publish_new_version(home.app, home.scratch(f"{slug}-v{number}"), number)
            if not deploy_course(home.app, DeployRequest.deploy(slug, [synthetic.content_path(number)])).commit:
                raise RuntimeError(f"the new version of example {number} changed nothing in {slug}")

        def first_dagster(number: int, slug=slug):
            empty_template()
            return lambda: materialize_template(home.instance, home.resources(), slug)

        def first_core(number: int, slug=slug):
            empty_template()
            return lambda: build_template(home.app, slug)

        def first_plain(number: int, template=template, scratch=scratch, built=built):
            if not built:
                built.update(plain_git.files_at(template, scratch / "built"))
            remote = plain_git.empty_remote(scratch / f"first-{number}.git")
            return lambda: plain_git.push_to_new_clone(remote, scratch / f"first-{number}", built)

        first = measure(
            {"dagster": first_dagster, "core": first_core, "plain": first_plain},
            repeats=sizes.repeats,
            warmups=sizes.warmups,
        )
        # Plain git's rebuilds start from a copy of the template as it is now, so both sides
        # start from the same tree and commit the same change.
        clone = plain_git.KeptClone(plain_git.copy_remote(template, scratch / "rebuilds.git"), scratch / "clone")

        def rebuild_dagster(number: int, slug=slug):
            change_one_content(2 * number)
            return lambda: materialize_template(home.instance, home.resources(), slug)

        def rebuild_core(number: int, slug=slug):
            change_one_content(2 * number + 1)
            return lambda: build_template(home.app, slug)

        def rebuild_plain(number: int, template=template, clone=clone):
            written, deleted = plain_git.last_change(template)
            return lambda: clone.commit(written, deleted)

        again = measure(
            {"dagster": rebuild_dagster, "core": rebuild_core, "plain": rebuild_plain},
            repeats=sizes.repeats,
            warmups=sizes.warmups,
        )
        first_what, rebuild_what = f"first build, {count} contents", f"rebuild after 1 of {count} contents changed"
        first_rows.append(Row(first_what, first["dagster"], first["plain"], note="Dagster run"))
        rebuild_rows.append(Row(rebuild_what, again["dagster"], again["plain"], note="Dagster run"))
        result.rows += [
            Row(first_what, first["core"], first["plain"], note="`build_template`, no Dagster"),
            Row(rebuild_what, again["core"], again["plain"], note="`build_template`, no Dagster"),
        ]
    result.rows = [*first_rows, *rebuild_rows, *result.rows]
    result.verdicts += [under(5.0, first_rows[-1]), within_ratio(FIRST_BUILD_RATIO, first_rows[-1])]
    smallest, largest = rebuild_rows[0], rebuild_rows[-1]
    growth = largest.measured.median / smallest.measured.median
    result.verdicts.append(
        Verdict(
            f"rebuild after one content changed costs in proportion to what changed: from {sizes.b3_contents[0]} "
            f"to {sizes.b3_contents[-1]} contents, at most {REBUILD_GROWTH:g}x",
            f"{smallest.measured.median:.2f} s -> {largest.measured.median:.2f} s ({growth:.2f}x); "
            f"{largest.ratio:.1f}x plain git",
            growth <= REBUILD_GROWTH,
        )
    )
    return result
