"""The verification checks of example_versions, in real Dagster runs on a real instance."""

import dagster as dg
import sqlalchemy as sa

from exlib_assets.core.db.models import ExampleVerification
from exlib_assets.core.sample import SAMPLE_EXAMPLES, SAMPLE_ROOT
from exlib_assets.definitions import defs
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.library.sensors import example_version_discovery
from exlib_assets.defs.library.verification_checks import verification_checks
from exlib_assets_tests.defs.test_library_assets import checks_of, copy_into_storage

CHECKS = [verification_checks]


def materialize_with_checks(instance, resources, key):
    instance.add_dynamic_partitions(example_version_partitions.name, [key])
    return dg.materialize([example_versions, *CHECKS], partition_key=key, instance=instance, resources=resources)


def test_a_good_example_passes_both_checks_with_the_verdict_in_metadata(app, instance, resources):
    copy_into_storage(app, SAMPLE_EXAMPLES / "py_hello_world")
    result = materialize_with_checks(instance, resources, "itpcp.pgph.py.hello_world@1.0")
    assert result.success
    checks = checks_of(result)
    assert checks["solution_passes_tests"].passed and checks["template_does_not_pass"].passed
    reference = checks["solution_passes_tests"].metadata
    assert reference["verdict"].value == "passed" and reference["runner"].value == "python"
    assert reference["passed"].value is True and reference["failing_count"].value == 0
    assert "| `test_hello::" in reference["tests"].value
    assert checks["template_does_not_pass"].metadata["passed"].value is False
    # One verification served both checks, and it is the version's stored verdict.
    with app.db.session() as session:
        assert session.scalars(sa.select(ExampleVerification.verdict)).all() == ["passed"]
    # The check evaluations are recorded on the instance, per partition.
    record = instance.event_log_storage.get_latest_asset_check_execution_by_key(
        [dg.AssetCheckKey(dg.AssetKey("example_versions"), "solution_passes_tests")]
    )
    assert record


def test_broken_examples_fail_the_check_of_their_side(app, instance, resources):
    copy_into_storage(app, SAMPLE_ROOT / "broken" / "py_reference_fails")
    copy_into_storage(app, SAMPLE_ROOT / "broken" / "py_template_passes")

    failing_reference = checks_of(materialize_with_checks(instance, resources, "itpcp.broken.py.reference_fails@1.0"))
    check = failing_reference["solution_passes_tests"]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert "test_median::test_even_count" in check.description
    assert "test_even_count` | failed" in check.metadata["tests"].value
    assert failing_reference["template_does_not_pass"].passed

    passing_template = checks_of(materialize_with_checks(instance, resources, "itpcp.broken.py.template_passes@1.0"))
    assert passing_template["solution_passes_tests"].passed
    assert not passing_template["template_does_not_pass"].passed
    assert "already passes" in passing_template["template_does_not_pass"].description


def test_a_language_without_a_runner_warns_no_runner(app, instance, resources):
    copy_into_storage(app, SAMPLE_EXAMPLES / "julia_newton")
    checks = checks_of(materialize_with_checks(instance, resources, "itpcp.num.julia.newton@1.0"))
    for name in ("solution_passes_tests", "template_does_not_pass"):
        assert not checks[name].passed and checks[name].severity == dg.AssetCheckSeverity.WARN
        assert checks[name].description.startswith("no runner: no runner for executionBackend 'julia'")


def test_the_discovery_sensor_runs_select_the_verification_checks():
    asset_graph = defs.resolve_asset_graph()
    selected = example_version_discovery.asset_selection.resolve_checks(asset_graph)
    assert {key.name for key in selected} >= {"solution_passes_tests", "template_does_not_pass", "files_safe"}
