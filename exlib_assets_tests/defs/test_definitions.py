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
