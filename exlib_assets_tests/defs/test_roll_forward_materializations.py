"""A roll-forward run records a course_content_deployments materialization per content it deployed."""

import dagster as dg

from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.rollforward.jobs import roll_course_forward
from exlib_assets_tests.core.contributions.conftest import NOTES, create_courses, edit_notes
from exlib_assets_tests.repositories import git


def roll(instance, resources, config: dict):
    job = dg.Definitions(jobs=[roll_course_forward], resources=resources).get_job_def(roll_course_forward.name)
    return job.execute_in_process(
        run_config={"ops": {"roll_forward_course": {"config": config}}}, instance=instance, raise_on_error=False
    )


def latest_metadata(instance, key: str) -> dict:
    [record] = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=course_content_deployments.key, asset_partitions=[key]), limit=1
    ).records
    return {name: value.value for name, value in record.asset_materialization.metadata.items()}


def test_roll_forward_run_materializes_the_partitions_it_deployed(app, instance, resources, make_example, tmp_path):
    assert app.library.import_paths([make_example("caesar", version="1.0", files={"notes.txt": NOTES})]).ok
    create_courses(app, "prog1_2025")
    edit_notes(app, "prog1_2025", tmp_path, 3, "line 3, edited")

    dry = roll(instance, resources, {"source": "prog1_2025", "course": "prog1_2026", "dry_run": True})
    assert dry.success
    assert instance.get_materialized_partitions(course_content_deployments.key) == set()

    result = roll(instance, resources, {"source": "prog1_2025", "course": "prog1_2026", "carry_customizations": True})

    assert result.success
    assert instance.get_materialized_partitions(course_content_deployments.key) == {"prog1_2026/week1.caesar"}
    assert "prog1_2026/week1.caesar" in instance.get_dynamic_partitions("course_contents")
    metadata = latest_metadata(instance, "prog1_2026/week1.caesar")
    assert (metadata["version"], metadata["example_versions_partition"]) == ("1.0", "test.caesar@1.0")
    assert (metadata["rolled_from"], metadata["edits_carried"]) == ("prog1_2025", True)
    head = git("ls-remote", app.git_host.push_url("prog1_2026-assignments"), "refs/heads/main").split()[0]
    assert metadata["commit"] == head  # the commit carrying the edits, the last one
