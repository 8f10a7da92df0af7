"""A notebook example's verification checks in a real Dagster run: the failing cell, by number
with its traceback, is what the check says."""

import dagster as dg

from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets_tests.core.verification.helpers import SOLUTION_CELL, TEST_CELL, notebook_example
from exlib_assets_tests.defs.test_library_assets import checks_of, copy_into_storage
from exlib_assets_tests.defs.test_verification_checks import CHECKS, example_versions


def test_the_checks_name_the_failing_cell_and_a_student_view_broken_before_its_stub(app, instance, resources, tmp_path):
    # helpers.py is handed in by the student and has no template: students start from an empty
    # file, so the import in cell 1 fails for them, before they reach the stub in cell 3.
    failing = "def ratio(a, b):\n    return a / b\n\nshare = ratio(3, 0)"
    folder = notebook_example(
        tmp_path,
        "ratio",
        ["from helpers import double\ndata = [double(2)]", failing, SOLUTION_CELL, TEST_CELL],
        files={"helpers.py": b"def double(x):\n    return 2 * x\n"},
        meta={"studentSubmissionFiles": ["work.ipynb", "helpers.py"]},
    )
    copy_into_storage(app, folder)
    key = "t.nb.ratio@1.0"
    instance.add_dynamic_partitions(example_version_partitions.name, [key])
    result = dg.materialize([example_versions, *CHECKS], partition_key=key, instance=instance, resources=resources)
    checks = checks_of(result)

    reference = checks["solution_passes_tests"]
    assert not reference.passed and reference.severity == dg.AssetCheckSeverity.ERROR
    assert "(work.ipynb: cell 2 raised ZeroDivisionError: division by zero" in reference.description
    # The end of the traceback: the line of the cell and the line inside the function.
    assert "----> 4 share = ratio(3, 0)" in reference.description
    assert "----> 2     return a / b" in reference.description
    assert "FAIL work.ipynb: cell 2 raised ZeroDivisionError" in reference.metadata["output"].value
    assert "| `work.ipynb` | failed |" in reference.metadata["tests"].value

    template = checks["template_does_not_pass"]
    assert not template.passed and template.metadata["loaded"].value is False
    assert "the student template does not load or compile (work.ipynb: cell 1 raised ImportError" in (
        template.description
    )
    assert "before the first stub (cell 3): the student's starting point is broken" in template.description
