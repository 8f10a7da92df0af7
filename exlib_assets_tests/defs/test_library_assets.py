"""The example_versions asset and discovery sensor, in real Dagster runs on a real instance."""

import dagster as dg
import pytest

from exlib_assets.core.loaded_example import load_example_folder
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.library.sensors import example_version_discovery


def copy_into_storage(app, folder):
    """Put a version into storage the way an admin's S3 client would: no import, no index."""
    example = load_example_folder(folder, app.settings.limits)
    app.storage.write_version(example.identifier, example.version, example.files)
    return example


def materialize(instance, resources, key):
    instance.add_dynamic_partitions(example_version_partitions.name, [key])
    return dg.materialize([example_versions], partition_key=key, instance=instance, resources=resources)


def checks_of(result) -> dict:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_materializing_a_partition_indexes_the_stored_version(app, instance, resources, make_example):
    copy_into_storage(app, make_example("base"))
    example = copy_into_storage(app, make_example("caesar", version="1.2", dependencies=["test.base"]))
    app.library.index_stored("test.base", "1.0")

    result = materialize(instance, resources, "test.caesar@1.2")

    assert result.success
    metadata = result.asset_materializations_for_node("example_versions")[0].metadata
    assert metadata["digest"].value == example.digest
    assert metadata["file_count"].value == len(example.manifest)
    assert metadata["indexed"].value == "new"
    assert "`test.base`" in metadata["dependencies"].value
    assert all(check.passed for check in checks_of(result).values()) and len(checks_of(result)) == 3
    assert app.library.show("test.caesar@1.2")["digest"] == example.digest

    again = materialize(instance, resources, "test.caesar@1.2")
    assert again.asset_materializations_for_node("example_versions")[0].metadata["indexed"].value == "unchanged"


def test_invalid_meta_fails_its_check_and_is_not_indexed(app, instance, resources, make_example):
    folder = make_example("broken")
    example = load_example_folder(folder, app.settings.limits)
    files = dict(example.files) | {"meta.yaml": b"identifier: test.broken\nversion: 1.0\nproperties: [oops\n"}
    app.storage.write_version("test.broken", "1.0", files)

    result = materialize(instance, resources, "test.broken@1.0")

    checks = checks_of(result)
    assert not checks["meta_yaml_valid"].passed
    assert checks["meta_yaml_valid"].severity == dg.AssetCheckSeverity.ERROR
    assert "meta.yaml" in checks["meta_yaml_valid"].description
    assert checks["files_safe"].passed
    assert result.asset_materializations_for_node("example_versions")[0].metadata["indexed"].value == "refused"
    assert app.library.list_examples() == []


def test_unsafe_stored_files_fail_files_safe(app, instance, resources, make_example):
    example = load_example_folder(make_example("sneaky"), app.settings.limits)
    app.storage.write_version("test.sneaky", "1.0", dict(example.files) | {".git/config": b"[core]\n"})

    result = materialize(instance, resources, "test.sneaky@1.0")

    check = checks_of(result)["files_safe"]
    assert not check.passed and ".git" in check.description
    assert app.library.list_examples() == []


def test_missing_dependency_warns_but_indexes(app, instance, resources, make_example):
    copy_into_storage(app, make_example("early", dependencies=["test.late"]))

    result = materialize(instance, resources, "test.early@1.0")

    check = checks_of(result)["dependencies_resolvable"]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    assert "test.late" in check.description
    assert app.library.show("test.early")["version"] == "1.0"


def evaluate_sensor(instance, resources, cursor=None):
    with dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor) as context:
        return example_version_discovery(context), context.cursor


def test_sensor_adds_partitions_and_requests_runs_incrementally(app, instance, resources, make_example, tmp_path):
    for name in ("one", "two"):
        copy_into_storage(app, make_example(name))

    first, cursor = evaluate_sensor(instance, resources)

    assert isinstance(first, dg.SensorResult)
    assert sorted(r.partition_key for r in first.run_requests) == ["test.one@1.0", "test.two@1.0"]
    [add] = first.dynamic_partitions_requests
    assert add.partitions_def_name == "example_versions"
    assert sorted(add.partition_keys) == ["test.one@1.0", "test.two@1.0"]
    instance.add_dynamic_partitions(add.partitions_def_name, list(add.partition_keys))
    cursor = first.cursor

    second, cursor = evaluate_sensor(instance, resources, cursor)
    assert isinstance(second, dg.SkipReason)
    assert "no new versions" in second.skip_message

    copy_into_storage(app, make_example("one", version="1.1", parent=tmp_path / "next"))
    third, _ = evaluate_sensor(instance, resources, cursor)
    assert [r.partition_key for r in third.run_requests] == ["test.one@1.1"]
    assert [r.run_key for r in third.run_requests] == ["test.one@1.1"]


@pytest.mark.parametrize("backend", ["embedded"], indirect=True)
def test_sensor_run_requests_materialize_for_real(app, instance, resources, make_example):
    copy_into_storage(app, make_example("solo"))
    tick, _ = evaluate_sensor(instance, resources)
    instance.add_dynamic_partitions("example_versions", list(tick.dynamic_partitions_requests[0].partition_keys))

    [request] = tick.run_requests
    result = dg.materialize(
        [example_versions], partition_key=request.partition_key, instance=instance, resources=resources
    )

    assert result.success
    assert instance.get_latest_materialization_event(dg.AssetKey("example_versions")) is not None
    assert app.library.show("test.solo")["version"] == "1.0"
