import dagster as dg

from exlib_assets.definitions import defs


def test_definitions_load_with_assets_checks_and_sensors():
    repository = defs.get_repository_def()
    repository.load_all_definitions()

    asset_keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert "example_versions" in asset_keys
    check_names = {key.name for key in repository.asset_graph.asset_check_keys}
    assert {"files_safe", "meta_yaml_valid", "dependencies_resolvable"} <= check_names
    assert {"solution_passes_tests", "template_does_not_pass"} <= check_names
    assert repository.get_sensor_def("example_version_discovery").default_status == dg.DefaultSensorStatus.RUNNING


def test_loading_the_code_location_loads_no_analytics_or_site_specific_packages():
    # Every run process loads the code location first: pandas and matplotlib belong to analytics
    # runs only, python-gitlab and boto3 to the sites that use them, dagster-aws's integrations
    # to nobody here (a second per run before they were left out).
    import json
    import subprocess
    import sys

    heavy = ["pandas", "matplotlib", "dagster_aws", "gitlab", "boto3", "botocore", "alembic", "fastapi"]
    probe = (
        "import json, sys, warnings; warnings.simplefilter('ignore'); import exlib_assets.definitions; "
        f"print(json.dumps([name for name in {heavy!r} if name in sys.modules]))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)

    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
