"""A deploy reads the database in a fixed number of queries however many paths it deploys: only
the rows it writes (one per path) grow with the batch. Both backends."""

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets_tests.statements import selects_on


def course_of(app, make_example, slug: str, count: int) -> str:
    """Course `slug` with `count` contents, each its own example; the second needs the first."""
    for number in range(count):
        dependencies = ["test.q0"] if number == 1 else []
        app.library.import_paths([make_example(f"q{number}", dependencies=dependencies)])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, slug)
        for number in range(count):
            content = courses.add_content(session, course, f"week{number + 1}.q{number}")
            courses.assign(session, library, content, f"test.q{number}")
    return slug


def selects_while_deploying(app, slug: str) -> int:
    with selects_on(app.db.engine) as selects:
        report = deploy_course(app, DeployRequest.deploy(slug))
    assert report.ok and report.commit, report.outcomes
    return len(selects)


def test_the_queries_a_deploy_reads_with_do_not_grow_with_its_paths(app, make_example):
    small = selects_while_deploying(app, course_of(app, make_example, "small", 2))
    large = selects_while_deploying(app, course_of(app, make_example, "large", 6))

    assert large == small
