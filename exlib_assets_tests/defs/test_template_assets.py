"""student_templates and its rebuild sensor, in real Dagster runs on a real instance."""

from pathlib import Path

import dagster as dg
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.defs.templates.assets import student_templates
from exlib_assets.defs.templates.partitions import course_partitions
from exlib_assets.defs.templates.sensors import student_template_rebuilds
from exlib_assets_tests.repositories import commit_count, push_change, tree_files
from exlib_assets_tests.stranger_library import STRANGER_COURSE, create_stranger_course


@pytest.fixture
def two_courses(app, make_example):
    """auto_course rebuilds its template by itself, manual_course does not; both hold caesar."""
    app.library.import_paths([make_example("caesar")])
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        for slug, policy in (("auto_course", "auto"), ("manual_course", "manual")):
            course = courses.create_course(session, app.git_host, slug)
            course.template_policy = policy
            courses.assign(session, library, courses.add_content(session, course, "week1.caesar"), "test.caesar")
    return ["auto_course", "manual_course"]


def template_commits(app, slug) -> int:
    return commit_count(app.git_host.push_url(f"{slug}-student-template"))


def materialize(instance, resources, slug, config=None, **kwargs):
    instance.add_dynamic_partitions(course_partitions.name, [slug])
    return dg.materialize(
        [student_templates],
        partition_key=slug,
        instance=instance,
        resources=resources,
        run_config={"ops": {"student_templates": {"config": config or {}}}},
        **kwargs,
    )


def test_materializing_a_course_builds_and_pushes_its_template(app, two_courses, instance, resources):
    deployed = deploy_course(app, DeployRequest.deploy("auto_course"))

    result = materialize(instance, resources, "auto_course")

    assert result.success
    metadata = result.asset_materializations_for_node("student_templates")[0].metadata
    assert metadata["source_commit"].value == deployed.commit
    assert metadata["content_paths"].value == ["week1.caesar"]
    assert metadata["changed"].value is True and metadata["commit"].value
    [check] = result.get_asset_check_evaluations()
    assert check.check_name == "no_solution_leaks" and check.passed
    assert template_commits(app, "auto_course") == 1 and template_commits(app, "manual_course") == 0


def test_release_selection_is_typed_config(app, two_courses, instance, resources, make_example):
    with app.db.session() as session:
        course = courses.require_course(session, "auto_course")
        library = library_index.get_or_create_library(session, app.storage.library)
        courses.assign(session, library, courses.add_content(session, course, "week2.again"), "test.caesar")
    deploy_course(app, DeployRequest.deploy("auto_course"))

    result = materialize(instance, resources, "auto_course", {"only": ["week2"]})

    metadata = result.asset_materializations_for_node("student_templates")[0].metadata
    assert metadata["content_paths"].value == ["week2.again"]
    assert metadata["released"].value == ["week2"]
    with app.db.session() as session:
        assert courses.require_course(session, "auto_course").released_paths == ["week2"]


def test_a_leak_is_held_back_the_rest_released_and_the_check_and_run_fail(
    app, two_courses, instance, resources, tmp_path
):
    deploy_course(app, DeployRequest.deploy("auto_course"))

    def copy_the_solution(clone: Path) -> None:
        (clone / "week1/notes").mkdir()
        (clone / "week1/notes/answer.py").write_bytes((clone / "week1/caesar/solution.py").read_bytes())
        (clone / "week1/notes/.studentfiles").write_text("answer.py\n")

    push_change(app.git_host.push_url("auto_course-assignments"), tmp_path, copy_the_solution)
    with app.db.session() as session:
        courses.add_content(session, courses.require_course(session, "auto_course"), "week1.notes")

    result = materialize(instance, resources, "auto_course", raise_on_error=False)

    assert not result.success
    [check] = result.get_asset_check_evaluations()
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert "week1.notes (left out)" in check.description
    assert "week1/notes/answer.py: identical to the excluded week1/caesar/solution.py" in check.description
    [materialization] = result.asset_materializations_for_node("student_templates")
    assert materialization.metadata["content_paths"].value == ["week1.caesar"]
    assert materialization.metadata["held_back_count"].value == 1
    # The rest of the course was released; the leak was not.
    assert template_commits(app, "auto_course") == 1
    files = tree_files(app.git_host.push_url("auto_course-student-template"))
    assert "week1/caesar/solution.py" in files and not [f for f in files if f.startswith("week1/notes/")]


def test_a_leak_in_the_course_readme_fails_the_check_and_pushes_nothing(app, two_courses, instance, resources):
    deploy_course(app, DeployRequest.deploy("auto_course"))
    with app.db.session() as session:
        course = courses.require_course(session, "auto_course")
        courses.require_content(session, course, "week1.caesar").title = "Caesar <!-- BEGIN SOLUTION -->"

    result = materialize(instance, resources, "auto_course", raise_on_error=False)

    assert not result.success
    [check] = result.get_asset_check_evaluations()
    assert not check.passed and "README.md: a solution or hidden-test marker" in check.description
    assert template_commits(app, "auto_course") == 0


def test_a_stranger_library_course_materializes_whole(app, instance, resources, tmp_path):
    examples = create_stranger_course(app, tmp_path / "library")

    result = materialize(instance, resources, STRANGER_COURSE)

    assert result.success
    [materialization] = result.asset_materializations_for_node("student_templates")
    assert sorted(materialization.metadata["content_paths"].value) == sorted(examples)
    assert materialization.metadata["held_back_count"].value == 0
    [check] = result.get_asset_check_evaluations()
    assert check.passed and "nothing held back" in check.description
    files = tree_files(app.git_host.push_url(f"{STRANGER_COURSE}-student-template"))
    assert {"week3/stack/stack.py", "week2/parse/data.json", "week1/greet/README.md"} <= set(files)


def test_sensor_rebuilds_only_courses_whose_policy_is_auto(app, two_courses, instance, resources):
    def tick(cursor=None):
        with dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor) as context:
            return student_template_rebuilds(context), context.cursor

    first, cursor = tick()
    # Nothing deployed yet: only the courses' partitions are added.
    assert first.run_requests == []
    assert list(first.dynamic_partitions_requests[0].partition_keys) == two_courses
    instance.add_dynamic_partitions(course_partitions.name, two_courses)

    deploy_course(app, DeployRequest.deploy("auto_course"))
    deploy_course(app, DeployRequest.deploy("manual_course"))
    second, cursor = tick(first.cursor)

    assert [request.partition_key for request in second.run_requests] == ["auto_course"]
    # The production queue keeps runs of one course apart by this tag.
    assert second.run_requests[0].tags["exlib/course"] == "auto_course"
    third, _ = tick(second.cursor)
    assert isinstance(third, dg.SkipReason)
