"""A snapshot sees every kind of write; otherwise "nothing was written" would prove nothing."""

from exlib_assets_tests.reliability.scene import COURSE, VICTIM
from exlib_assets_tests.reliability.snapshots import take_snapshot


def test_nothing_done_is_no_difference(scene):
    before = take_snapshot(scene.app, watch=[scene.outside])

    assert take_snapshot(scene.app, watch=[scene.outside]).differences(before) == []


def test_an_import_shows_in_storage_and_in_the_database(scene):
    before = take_snapshot(scene.app)

    scene.imported(scene.example("fresh"))

    changes = take_snapshot(scene.app).differences(before)
    assert any(line.startswith("storage object added:") and "test.fresh/1.0/meta.yaml" in line for line in changes)
    assert any(line.startswith("table examples: 1 -> 2 rows") for line in changes)
    assert any(line.startswith("table example_versions:") for line in changes)


def test_a_deploy_shows_as_a_moved_ref_and_changed_rows(scene):
    scene.imported(scene.example("fresh"))
    scene.assigned("week2.fresh", "test.fresh")
    before = take_snapshot(scene.app)

    scene.deployed("week2.fresh")

    after = take_snapshot(scene.app)
    assert f"ref of {COURSE}-assignments.git changed: refs/heads/main" in after.differences(before)
    assert [row["event"] for row in after.new_rows(before, "deployment_history")] == ["deployed"]
    allowed = after.differences(before, allowed_tables=["deployments", "deployment_history"])
    assert allowed == [f"ref of {COURSE}-assignments.git changed: refs/heads/main"]


def test_a_changed_stored_object_and_an_outside_file_show(scene):
    before = take_snapshot(scene.app, watch=[scene.outside])

    scene.put_in_storage("repositories/testlib/test.base/1.0/solution.py", b"# changed behind exlib's back\n")
    (scene.outside / VICTIM).write_text("touched\n")

    changes = take_snapshot(scene.app, watch=[scene.outside]).differences(before)
    stored = "repositories/testlib/test.base/1.0/solution.py"  # after the S3 prefix, if any
    assert any(line.startswith("storage object changed:") and line.endswith(stored) for line in changes)
    assert f"file in {scene.outside} changed: {VICTIM}" in changes
