"""Every definition of the code location against a committed snapshot, so that a change to an
asset, check, job, sensor, schedule or resource (or to what the UI says about it) shows up in
review as a change to `definitions_snapshot.json`.

After an intended change, regenerate the snapshot and commit it with the change:

    EXLIB_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest -p no:cacheprovider -q \\
        exlib_assets_tests/defs/test_definitions_snapshot.py
"""

import difflib
import json
import os
from pathlib import Path

import dagster as dg
import pytest

from exlib_assets.definitions import defs

SNAPSHOT = Path(__file__).with_name("definitions_snapshot.json")
UPDATE = "EXLIB_UPDATE_SNAPSHOT"


def test_every_definition_matches_the_committed_snapshot():
    current = json.dumps(describe_definitions(defs), indent=2, sort_keys=True) + "\n"
    if os.environ.get(UPDATE) == "1":
        SNAPSHOT.write_text(current)
        pytest.skip(f"{SNAPSHOT.name} written; review it and commit it with the change")
    committed = SNAPSHOT.read_text() if SNAPSHOT.exists() else ""
    diff = "".join(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            current.splitlines(keepends=True),
            fromfile=f"{SNAPSHOT.name} (committed)",
            tofile="the definitions now",
        )
    )
    assert not diff, (
        f"The definitions differ from {SNAPSHOT.name}. If the change is intended, run this test "
        f"with {UPDATE}=1 and commit the snapshot with it.\n{diff}"
    )


def test_the_snapshot_lists_a_sensor_added_to_the_definitions():
    changed = dg.Definitions.merge(
        defs, dg.Definitions(sensors=[dg.SensorDefinition("extra_sensor", evaluation_fn=lambda _: None)])
    )

    assert "extra_sensor" in describe_definitions(changed)["sensors"]
    assert "extra_sensor" not in describe_definitions(defs)["sensors"]


def describe_definitions(definitions: dg.Definitions) -> dict:
    """What a reviewer should see change: names, targets, partitions and the UI's descriptions."""
    graph = definitions.resolve_asset_graph()
    return {
        "assets": {spec.key.to_user_string(): _asset(spec) for spec in definitions.resolve_all_asset_specs()},
        "asset_checks": {
            f"{key.asset_key.to_user_string()}:{key.name}": _check(graph.get(key)) for key in graph.asset_check_keys
        },
        "jobs": {
            job.name: _job(job)
            for job in definitions.resolve_all_job_defs()
            if not job.name.startswith("__")  # Dagster's own implicit asset job
        },
        "sensors": {sensor.name: _sensor(sensor, graph) for sensor in definitions.sensors or []},
        "schedules": {schedule.name: _schedule(schedule) for schedule in definitions.schedules or []},
        "resources": {key: _resource(resource) for key, resource in (definitions.resources or {}).items()},
    }


def _asset(spec: dg.AssetSpec) -> dict:
    return {
        "group": spec.group_name,
        "description": spec.description,
        "partitions": _partitions(spec.partitions_def),
        "deps": sorted(dep.asset_key.to_user_string() for dep in spec.deps),
        "kinds": sorted(spec.kinds),
        "owners": sorted(spec.owners),
        "code_version": spec.code_version,
        "automation_condition": spec.automation_condition.get_label() if spec.automation_condition else None,
    }


def _check(node) -> dict:
    return {
        "description": node.description,
        "blocking": node.blocking,
        "partitions": _partitions(node.partitions_def),
    }


def _job(job: dg.JobDefinition) -> dict:
    ops = {}
    for node in job.graph.nodes:
        retry = node.definition.retry_policy if isinstance(node.definition, dg.OpDefinition) else None
        ops[node.name] = {"retries": retry.max_retries if retry else 0}
    return {"description": job.description, "tags": dict(job.tags), "ops": ops}


def _sensor(sensor: dg.SensorDefinition, graph) -> dict:
    assets = sensor.asset_selection.resolve(graph) if sensor.asset_selection is not None else set()
    return {
        "description": sensor.description,
        "minimum_interval_seconds": sensor.minimum_interval_seconds,
        "default_status": sensor.default_status.value,
        "jobs": sorted(target.job_name for target in sensor.targets if not target.job_name.startswith("__")),
        "assets": sorted(key.to_user_string() for key in assets),
    }


def _schedule(schedule: dg.ScheduleDefinition) -> dict:
    return {
        "description": schedule.description,
        "cron_schedule": schedule.cron_schedule,
        "job": schedule.job_name,
        "default_status": schedule.default_status.value,
    }


def _resource(resource) -> dict:
    # Field names and their documentation only: a value may be a secret.
    fields = getattr(type(resource), "model_fields", {})
    return {
        "class": type(resource).__name__,
        "description": " ".join((type(resource).__doc__ or "").split()),
        "fields": {name: field.description for name, field in sorted(fields.items())},
    }


def _partitions(partitions_def) -> str | None:
    if partitions_def is None:
        return None
    name = getattr(partitions_def, "name", None)
    return f"{type(partitions_def).__name__}({name})" if name else type(partitions_def).__name__
