"""One partition sync per dynamic partitions definition, on a real Dagster instance: what it
adds, what it asks a sensor to add, and that the sensors and commands adding partitions use it."""

from exlib_assets.defs.deployments.partitions import course_content_partition_sync, course_content_partitions
from exlib_assets.defs.library.partitions import example_version_partition_sync, example_version_partitions
from exlib_assets.defs.templates.partitions import course_partition_sync, course_partitions


def test_each_definition_has_its_own_sync():
    syncs = {
        sync.partitions.name: sync.partitions
        for sync in (example_version_partition_sync, course_partition_sync, course_content_partition_sync)
    }

    assert syncs == {
        "example_versions": example_version_partitions,
        "courses": course_partitions,
        "course_contents": course_content_partitions,
    }


def test_add_adds_only_the_missing_keys_once_in_order(instance):
    instance.add_dynamic_partitions(course_partitions.name, ["prog2"])

    added = course_partition_sync.add(instance, ["prog3", "prog2", "prog1", "prog3"])

    assert added == ["prog3", "prog1"]
    assert instance.get_dynamic_partitions(course_partitions.name) == ["prog2", "prog3", "prog1"]
    assert course_partition_sync.add(instance, ["prog1", "prog2"]) == []


def test_request_asks_for_the_missing_keys_and_adds_nothing_itself(instance):
    example_version_partition_sync.add(instance, ["a@1.0"])

    [request] = example_version_partition_sync.request(instance, ["a@1.0", "b@1.0", "b@1.0"])

    assert (request.partitions_def_name, list(request.partition_keys)) == ("example_versions", ["b@1.0"])
    assert instance.get_dynamic_partitions(example_version_partitions.name) == ["a@1.0"]
    assert example_version_partition_sync.request(instance, ["a@1.0"]) == []


def test_missing_can_use_the_partitions_a_tick_already_read(instance):
    course_partition_sync.add(instance, ["prog1"])
    known = course_partition_sync.known(instance)
    instance.add_dynamic_partitions(course_partitions.name, ["prog2"])  # after the tick read them

    assert course_partition_sync.missing(instance, ["prog1", "prog2"], known) == ["prog2"]
    assert course_partition_sync.missing(instance, ["prog1", "prog2"]) == []
