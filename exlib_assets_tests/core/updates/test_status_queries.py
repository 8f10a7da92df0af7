"""`exlib status` and the repository scan behind it read the database in a fixed number of
queries however many contents the course holds: loading each content's deployment, and each
deployment's version, one by one made the status of a course of 5,000 contents wait seconds on
the database. Both backends."""

from collections.abc import Callable

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.updates.scan import scan_course
from exlib_assets.core.updates.status import status_of_contents
from exlib_assets_tests.statements import selects_on


def deployed_course(app, make_example, slug: str, count: int) -> str:
    """Course `slug` with `count` deployed contents, each its own example, the first one nested
    in the folder of a unit that holds a deployment too."""
    names = [f"{slug}{number}" for number in range(count)]
    app.library.import_paths([make_example(name) for name in names])
    paths = ["week1", *(f"week1.{name}" for name in names[1:])]
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, slug)
        for path, name in zip(paths, names, strict=True):
            courses.assign(session, library, courses.add_content(session, course, path), f"test.{name}")
    report = deploy_course(app, DeployRequest.deploy(slug))
    assert report.ok and report.commit, report.outcomes
    return slug


def selects_during(app, action: Callable[[], object]) -> tuple[int, object]:
    with selects_on(app.db.engine) as selects:
        result = action()
    return len(selects), result


def test_the_first_scan_of_a_course_reads_the_database_in_queries_that_do_not_grow_with_it(app, make_example):
    small_slug, large_slug = deployed_course(app, make_example, "s", 2), deployed_course(app, make_example, "l", 6)

    small, small_scan = selects_during(app, lambda: scan_course(app, small_slug))
    large, large_scan = selects_during(app, lambda: scan_course(app, large_slug))

    assert len(large_scan.folders_read) == 6 and len(small_scan.folders_read) == 2
    # Every folder was read and found as deployed: the unit's own files leave out its child's folder.
    assert large_scan.customized == small_scan.customized == [] and large_scan.problems == []
    assert large == small


def test_the_status_of_a_course_reads_the_database_in_queries_that_do_not_grow_with_it(app, make_example):
    small_slug, large_slug = deployed_course(app, make_example, "s", 2), deployed_course(app, make_example, "l", 6)

    small, small_status = selects_during(app, lambda: status_of_contents(app, small_slug, refresh=False))
    large, large_status = selects_during(app, lambda: status_of_contents(app, large_slug, refresh=False))

    assert [content.status for content in large_status.contents] == ["deployed"] * 6
    assert [content.deployed for content in small_status.contents] == ["1.0"] * 2
    assert large == small
