"""`exlib library verify` and the course's verification settings, through the real command line."""

import json

import pytest
import sqlalchemy as sa

from exlib_assets.core.app import open_app
from exlib_assets.core.db.models import Course, ExampleVerification
from exlib_assets.core.sample import SAMPLE_EXAMPLES, SAMPLE_ROOT


@pytest.fixture(autouse=True)
def _schema(run):
    assert run("db", "upgrade").exit_code == 0


def test_verify_prints_the_verdict_as_json_and_stores_it(run, settings):
    imported = run("library", "import", str(SAMPLE_EXAMPLES / "py_fibonacci"))
    assert imported.exit_code == 0, imported.output
    result = run("library", "verify", "itpcp.pgph.py.fibonacci@v1.2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"verdict", "reference", "template", "runner", "seconds"}
    assert data["verdict"] == "passed" and data["runner"] == "python"
    assert set(data["reference"]) >= {"passed", "tests", "output"}
    assert data["reference"]["passed"] is True and data["template"]["passed"] is False
    assert all(test["outcome"] == "passed" for test in data["reference"]["tests"])
    with open_app(settings) as app, app.db.session() as session:
        assert session.scalar(sa.select(ExampleVerification.verdict)) == "passed"


def test_a_failed_verdict_exits_non_zero_and_says_why(run):
    assert run("library", "import", str(SAMPLE_ROOT / "broken" / "py_template_passes")).exit_code == 0
    result = run("library", "verify", "itpcp.broken.py.template_passes")
    assert result.exit_code == 1
    assert "itpcp.broken.py.template_passes@1.0: failed" in result.output
    assert "already passes every test" in result.output


def test_an_unknown_example_is_a_clear_error(run):
    result = run("library", "verify", "no.such.example")
    assert result.exit_code == 1
    assert "example 'no.such.example' is not in library" in result.output


def test_course_set_changes_the_verification_policy(run, settings):
    assert run("course", "create", "prog1").exit_code == 0
    result = run(
        "course", "set", "prog1", "--verification", "require", "--no-runner", "refuse", "--tests-after-deploy", "on"
    )
    assert result.exit_code == 0, result.output
    with open_app(settings) as app, app.db.session() as session:
        course = session.scalar(sa.select(Course).where(Course.slug == "prog1"))
        assert (course.verification_policy, course.verification_allows_no_runner) == ("require", False)
        assert course.tests_after_deploy is True
    assert run("course", "set", "prog1", "--verification", "sometimes").exit_code == 2
