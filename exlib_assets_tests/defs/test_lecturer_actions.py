"""The lecturer's actions on the Launchpad that had no job before (unassign, course settings,
release the student template), run for real on a real instance, and their refusals of bad config."""

import dagster as dg
import pytest

from exlib_assets.core import courses
from exlib_assets.defs.lecturer_actions.jobs import change_course_settings, release_student_template, unassign_example
from exlib_assets.defs.templates.assets import student_templates
from exlib_assets.defs.templates.partitions import course_partitions
from exlib_assets_tests.lesson_course import deploy_lesson_course
from exlib_assets_tests.repositories import commit_count, tree_files


@pytest.fixture
def course(app, make_example):
    return deploy_lesson_course(app, make_example)


JOBS = {job.name: job for job in (unassign_example, change_course_settings)}


def run(name: str, instance, resources, config: dict, **kwargs):
    job = JOBS[name]
    op = next(iter(job.graph.node_dict))
    return (
        dg.Definitions(jobs=[job], resources=resources)
        .get_job_def(name)
        .execute_in_process(
            run_config={"ops": {op: {"config": config}}}, instance=instance, raise_on_error=False, **kwargs
        )
    )


def failure_text(result) -> str:
    [event] = [e for e in result.all_events if e.is_step_failure]
    return event.step_failure_data.user_failure_data.description


def course_settings(app) -> dict:
    with app.db.session() as session:
        course = courses.require_course(session, "prog1")
        return {
            "update_policy": course.update_policy,
            "update_strategy": course.update_strategy,
            "template_policy": course.template_policy,
            "language": course.language,
            "tests_after_deploy": course.tests_after_deploy,
        }


def test_unassign_removes_the_folder_in_one_commit(app, course, instance, resources):
    remote = app.git_host.push_url("prog1-assignments")
    commits = commit_count(remote)

    result = run("unassign_example", instance, resources, {"course": "prog1", "path": "week1.lesson"})

    assert result.success
    [materialization] = result.asset_materializations_for_node("record_unassignment")
    assert (materialization.partition, materialization.metadata["outcome"].value) == ("prog1/week1.lesson", "removed")
    assert commit_count(remote) == commits + 1
    assert not [path for path in tree_files(remote) if path.startswith("week1/lesson/")]
    with app.db.session() as session:
        content = courses.require_content(session, courses.require_course(session, "prog1"), "week1.lesson")
        assert content.assignment is None


def test_unassign_of_an_unknown_path_names_it_and_changes_nothing(app, course, instance, resources):
    remote = app.git_host.push_url("prog1-assignments")
    commits = commit_count(remote)

    result = run("unassign_example", instance, resources, {"course": "prog1", "path": "week9.nothing"})

    assert not result.success
    assert "week9.nothing" in failure_text(result)
    assert commit_count(remote) == commits


def test_course_settings_change_only_what_is_chosen(app, course, instance, resources):
    before = course_settings(app)

    result = run(
        "change_course_settings",
        instance,
        resources,
        {"course": "prog1", "update_policy": "propose", "tests_after_deploy": "on", "language": "de"},
    )

    assert result.success
    assert course_settings(app) == {
        **before,
        "update_policy": "propose",
        "tests_after_deploy": True,
        "language": "de",
    }


def test_a_bad_language_is_refused_and_nothing_else_is_changed(app, course, instance, resources):
    before = course_settings(app)

    result = run(
        "change_course_settings", instance, resources, {"course": "prog1", "update_policy": "auto", "language": "d e"}
    )

    assert not result.success
    assert "nothing was changed" in failure_text(result) and "'d e'" in failure_text(result)
    assert course_settings(app) == before


def test_a_choice_outside_the_enum_is_refused_before_the_run(course, instance, resources):
    with pytest.raises(dg.DagsterInvalidConfigError, match="update_strategy.*not in enum"):
        run("change_course_settings", instance, resources, {"course": "prog1", "update_strategy": "rebase"})


def test_release_student_template_job_releases_only_the_paths_chosen(app, course, instance, resources):
    instance.add_dynamic_partitions(course_partitions.name, ["prog1"])
    job = dg.Definitions(
        assets=[student_templates], jobs=[release_student_template], resources=resources
    ).resolve_job_def("release_student_template")

    result = job.execute_in_process(
        run_config={"ops": {"student_templates": {"config": {"only": ["week1"]}}}},
        instance=instance,
        partition_key="prog1",
    )

    assert result.success
    template = app.git_host.push_url("prog1-student-template")
    assert "week1/lesson/meta.yaml" in tree_files(template)
    with app.db.session() as session:
        assert courses.require_course(session, "prog1").released_paths == ["week1"]


def content_values(app) -> dict | None:
    with app.db.session() as session:
        return courses.require_content(session, courses.require_course(session, "prog1"), "week1.lesson").settings


def test_a_contents_own_values_are_set_from_the_launchpad(app, course, instance, resources):
    config = {"course": "prog1", "content": "week1.lesson", "title": "Lesson one", "points": "10"}

    result = run("change_course_settings", instance, resources, config)

    assert result.success
    assert content_values(app) == {"title": "Lesson one", "points": 10}

    cleared = run(
        "change_course_settings", instance, resources, {**config, "title": "", "points": "", "clear": ["points"]}
    )
    assert cleared.success
    assert content_values(app) == {"title": "Lesson one"}


def test_a_bad_content_value_or_one_without_its_content_changes_nothing(app, course, instance, resources):
    before = course_settings(app)

    bad_points = run(
        "change_course_settings",
        instance,
        resources,
        {"course": "prog1", "update_policy": "auto", "content": "week1.lesson", "points": "many"},
    )
    no_content = run("change_course_settings", instance, resources, {"course": "prog1", "title": "Lesson one"})

    assert not bad_points.success and "nothing was changed" in failure_text(bad_points)
    assert not no_content.success and "name it in `content`" in failure_text(no_content)
    assert course_settings(app) == before
    assert not content_values(app)
