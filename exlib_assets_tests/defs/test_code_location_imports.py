"""Loading the code location stays light: every run process, sensor daemon and webserver reload
imports `exlib_assets.definitions` before anything else, so the core (the database models,
SQLAlchemy, the template builder's notebook formats, git hosts, storage) is imported where a
step, sensor or resource uses it, not with the definitions."""

import json
import subprocess
import sys

# What the definitions must not import by themselves: each is paid by the steps that use it.
HEAVY = [
    "sqlalchemy",
    "sqlalchemy.orm",
    "nbformat",
    "jsonschema",
    "pandas",
    "boto3",
    "exlib_assets.core.app",
    "exlib_assets.core.db.engine",
    "exlib_assets.core.db.models",
    "exlib_assets.core.courses",
    "exlib_assets.core.deployments.deployer",
    "exlib_assets.core.templates.builder",
    "exlib_assets.core.githost",
    "exlib_assets.core.storage",
    "exlib_assets.core.verification.service",
    "exlib_assets.core.updates.updater",
]

PROBE = f"""
import json, sys, warnings
warnings.simplefilter("ignore")
import exlib_assets.definitions
loaded = [name for name in {HEAVY!r} if name in sys.modules]
repository = exlib_assets.definitions.defs.get_repository_def()
repository.load_all_definitions()
print(json.dumps({{
    "loaded": loaded,
    "jobs": sorted(job.name for job in repository.get_all_jobs()),
    "sensors": sorted(sensor.name for sensor in repository.sensor_defs),
    "assets": sorted(key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()),
}}))
"""


def _load_in_a_fresh_process() -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_definitions_imports_no_core_machinery_and_still_resolves_everything():
    loaded = _load_in_a_fresh_process()

    assert loaded["loaded"] == []
    # Resolving every definition afterwards still works, in the same process (what a run does next).
    assert {"course_content_deployments", "example_versions", "student_templates", "example_usage"} <= set(
        loaded["assets"]
    )
    assert {"deploy_course_contents", "assign_example", "__ASSET_JOB"} <= set(loaded["jobs"])
    assert "example_version_discovery" in loaded["sensors"]


GC_PROBE = """
import gc, json, warnings
warnings.simplefilter("ignore")
import dagster
full_passes = []
gc.callbacks.append(lambda phase, info: full_passes.append(1) if phase == "start" and info["generation"] == 2 else None)
import exlib_assets.definitions
gc.callbacks.clear()
print(json.dumps({"full_passes": len(full_passes), "enabled_after": gc.isenabled()}))
"""


def test_building_the_definitions_makes_the_collector_walk_dagsters_heap_no_more_and_leaves_it_on():
    # Each full pass walks every object `import dagster` left behind: about half of our import time.
    result = subprocess.run([sys.executable, "-c", GC_PROBE], capture_output=True, text=True, check=True, timeout=120)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    assert outcome == {"full_passes": 0, "enabled_after": True}
