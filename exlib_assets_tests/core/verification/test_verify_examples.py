"""Verdicts of real examples, run in the sandbox: the sample library's and the broken ones."""

import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest
import yaml

from exlib_assets.core.verification.verify import verify_files
from exlib_assets_tests.core.verification.helpers import python_example, sample

DEPENDENCIES = {
    "py_caesar": {"itpcp.pgph.py.strings_util": "py_strings_util"},
    "py_caesar_breaker": {"itpcp.pgph.py.caesar": "py_caesar", "itpcp.pgph.py.strings_util": "py_strings_util"},
    "c_stack": {"itpcp.pgph.c.linked_list": "c_linked_list"},
}


def verify_sample(name: str, commands: dict | None = None):
    dependencies = {identifier: sample(folder) for identifier, folder in DEPENDENCIES.get(name, {}).items()}
    return verify_files(name, sample(name), dependencies, commands=commands or {})


@pytest.mark.parametrize(
    "name",
    ["py_hello_world", "py_strings_util", "py_fibonacci", "py_caesar", "py_caesar_breaker", "py_matrix_ops",
     "c_linked_list", "c_stack", "py_grades_notebook"],
)  # fmt: skip
def test_every_python_and_c_sample_passes(name):
    verdict = verify_sample(name)
    assert verdict.verdict == "passed", verdict.to_dict()
    assert verdict.reference.passed and verdict.reference.tests
    assert verdict.template.loaded and not verdict.template.passed
    assert verdict.network == "isolated (new network namespace)"


def test_a_dependency_is_importable_where_a_deploy_puts_it():
    # caesar's tests import strings_util, which only its dependency provides.
    without = verify_files("py_caesar", sample("py_caesar"), {}, commands={})
    assert without.verdict == "failed"
    assert "No module named 'strings_util'" in without.reference.output


def test_the_c_runner_reports_the_failing_checks_of_the_template():
    verdict = verify_sample("c_stack")
    failing = verdict.template.failing()
    assert any(name.startswith("FAIL test_stack.c:") for name in failing)
    assert ("compiles", "passed") in [(t.name, t.outcome) for t in verdict.template.tests]


def test_a_reference_that_fails_its_tests_is_failed_naming_the_test():
    verdict = verify_sample("py_reference_fails")
    data = verdict.to_dict()
    assert data["verdict"] == "failed"
    assert data["reference"]["passed"] is False
    assert {"name": "test_median::test_even_count", "outcome": "failed"} in data["reference"]["tests"]
    assert "assert 3 == 2.5" in data["reference"]["output"]
    assert "reference solution does not pass" in data["reason"]


def test_a_template_that_already_passes_is_failed():
    verdict = verify_sample("py_template_passes")
    assert verdict.verdict == "failed"
    assert verdict.reference.passed and verdict.template.passed
    assert "already passes" in verdict.reason


def test_a_template_that_does_not_load_is_failed():
    files = python_example("from solution import answer\n\ndef test_answer():\n    assert answer() == 42\n")
    files["studentTemplates/solution.py"] = b"def answer(:\n"
    verdict = verify_files("t.py.hostile@1.0", files, {}, commands={})
    assert verdict.verdict == "failed"
    assert not verdict.template.loaded
    assert "does not load or compile" in verdict.reason


@pytest.mark.parametrize("name", ["julia_newton", "octave_vector_norm", "r_descriptive"])
def test_languages_without_a_runner_say_no_runner(name):
    verdict = verify_sample(name)
    assert verdict.verdict == "no runner"
    assert "EXLIB_VERIFY_COMMAND__" in verdict.reason
    assert verdict.reference is None


@pytest.fixture
def public_folder():
    """A folder any user can read: site commands run as the sandbox's user."""
    folder = Path(tempfile.mkdtemp(prefix="exlib-grader-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_a_site_command_runs_per_side_and_its_result_file_counts(public_folder):
    grader = public_folder / "grader.sh"
    grader.write_text(
        "#!/bin/sh\n"
        "# passes only the reference side, reports one test, and shows what it was given\n"
        'echo "side=$VERIFY_SIDE example=$VERIFY_EXAMPLE tests=$VERIFY_TEST_FILES pwd=$(basename "$PWD")"\n'
        'if [ "$VERIFY_SIDE" = reference ]; then p=true; o=passed; else p=false; o=failed; fi\n'
        'printf \'{"passed": %s, "tests": [{"name": "newton converges", "outcome": "%s"}]}\' $p $o'
        ' > "$VERIFY_RESULT_FILE"\n'
        "exit 3\n"  # the result file wins over the exit code
    )
    grader.chmod(0o755)
    verdict = verify_sample("julia_newton", {"EXLIB_VERIFY_COMMAND__JULIA": f"{grader} --fast"})
    assert verdict.verdict == "passed", verdict.to_dict()
    assert verdict.runner == "command:julia"
    assert verdict.reference.tests[0].to_dict() == {"name": "newton converges", "outcome": "passed"}
    assert "side=reference example=julia_newton tests=test_newton.jl pwd=newton" in verdict.reference.output
    assert "side=template" in verdict.template.output


def test_a_site_command_that_is_not_installed_is_no_runner():
    verdict = verify_sample("julia_newton", {"EXLIB_VERIFY_COMMAND__JULIA": "/nonexistent/julia-grader run"})
    assert verdict.verdict == "no runner"
    assert "/nonexistent/julia-grader" in verdict.reason


def notebook(*cells: str) -> bytes:
    """A valid notebook of code cells, as Jupyter saves one (the student view validates it)."""
    document = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells])
    return nbformat.writes(document).encode()


def notebook_example(template: bytes) -> dict[str, bytes]:
    meta = {
        "identifier": "t.py.notebook",
        "version": "1.0",
        "properties": {
            "studentSubmissionFiles": ["grades.ipynb"],
            "studentTemplates": ["studentTemplates/grades.ipynb"],
            "testFiles": [],
            "executionBackend": {"slug": "python"},
        },
    }
    test_yaml = {
        "type": "python",
        "properties": {"tests": [{"name": "all", "type": "notebook", "file": "grades.ipynb"}]},
    }
    return {
        "meta.yaml": yaml.safe_dump(meta).encode(),
        "test.yaml": yaml.safe_dump(test_yaml).encode(),
        "grades.ipynb": notebook(
            "%matplotlib inline\ndef mean(v):\n    return sum(v) / len(v)", "assert mean([1, 3]) == 2"
        ),
        "studentTemplates/grades.ipynb": template,
    }


def test_a_notebook_named_by_test_yaml_is_run_top_to_bottom_on_both_sides():
    template = notebook("def mean(v):\n    raise NotImplementedError", "assert mean([1, 3]) == 2")
    verdict = verify_files("t.py.notebook@1.0", notebook_example(template), {}, commands={})
    assert verdict.verdict == "passed", verdict.to_dict()
    assert [t.to_dict() for t in verdict.reference.tests] == [{"name": "grades.ipynb", "outcome": "passed"}]
    assert "FAIL grades.ipynb: cell 2 raised NotImplementedError" in verdict.template.output
    assert "NotImplementedError" in verdict.template.output


def test_a_notebook_that_is_not_json_fails_before_anything_runs():
    # The student view of a notebook is built with nbformat: one that is no notebook fails the
    # verdict there, naming the file, before any side is run.
    verdict = verify_files("t.py.notebook@1.0", notebook_example(b"{not json"), {}, commands={})
    assert verdict.verdict == "failed" and verdict.template is None
    assert "studentTemplates/grades.ipynb is not a notebook nbformat can read" in verdict.reason


def test_a_notebook_for_a_kernel_not_installed_here_says_which():
    files = notebook_example(notebook("def mean(v):\n    raise NotImplementedError", "assert mean([1, 3]) == 2"))
    document = nbformat.reads(files["grades.ipynb"].decode(), as_version=4)
    document.metadata["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    files["grades.ipynb"] = nbformat.writes(document).encode()
    verdict = verify_files("t.py.notebook@1.0", files, {}, commands={})
    assert verdict.verdict == "failed"
    assert "(grades.ipynb: no Jupyter kernel 'ir' is installed here)" in verdict.reason
