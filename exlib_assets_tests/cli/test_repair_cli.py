"""`exlib check` and `exlib repair`, as an admin runs them."""

import json
import shutil
from pathlib import Path

import pytest

from exlib_assets_tests.repositories import push_change


@pytest.fixture
def deployed(run, make_example):
    """Course prog1 with test.caesar deployed at week1.caesar."""
    run("db", "upgrade")
    run("library", "import", str(make_example("caesar")))
    run("course", "create", "prog1")
    run("course", "add-content", "prog1", "week1.caesar")
    run("assign", "prog1", "week1.caesar", "test.caesar")
    assert run("deploy", "prog1").exit_code == 0
    return "prog1"


@pytest.fixture
def lecturer_push(settings, tmp_path):
    """Change a clone of prog1's assignments repository with `change(folder)` and push it."""

    def push(change) -> None:
        push_change(str(Path(settings.git_url) / "prog1-assignments.git"), tmp_path, change)

    return push


def test_check_after_a_deploy_agrees(run, deployed):
    result = run("check", deployed)

    assert result.exit_code == 0, result.output
    assert "prog1: the database agrees with the repository" in result.output
    assert json.loads(run("check", deployed, "--json").output)["ok"] is True


def test_check_reports_then_repair_fixes_a_removed_folder(run, deployed, lecturer_push):
    lecturer_push(lambda clone: shutil.rmtree(clone / "week1/caesar"))

    found = run("check", deployed)
    assert found.exit_code == 1
    assert "week1.caesar: database says test.caesar@1.0, repository holds nothing" in found.output
    assert "`exlib repair prog1`" in found.output
    [difference] = json.loads(run("check", deployed, "--json").output)["differences"]
    assert (difference["path"], difference["kind"]) == ("week1.caesar", "only in database")

    repaired = run("repair", deployed)
    assert repaired.exit_code == 0, repaired.output
    assert "repaired      week1.caesar: database no longer says test.caesar@1.0 is deployed" in repaired.output
    assert "1 repaired, 0 not repaired" in repaired.output

    assert run("check", deployed).exit_code == 0
    again = json.loads(run("repair", deployed, "--json").output)
    assert again["changes"] == [] and again["ok"] is True


def test_repair_exits_non_zero_on_a_version_the_library_does_not_have(run, deployed, lecturer_push):
    def unknown_version(clone: Path) -> None:
        tracking = clone / "week1/caesar/.example-library"
        tracking.write_text(tracking.read_text().replace('"example_version": "1.0"', '"example_version": "7.0"'))

    lecturer_push(unknown_version)

    result = run("repair", deployed)

    assert result.exit_code == 1
    assert "NOT REPAIRED  week1.caesar: the repository holds test.caesar@7.0" in result.output
    assert "import that version" in result.output


@pytest.mark.parametrize("command", ["check", "repair"])
def test_unknown_course_is_an_error_not_a_traceback(run, command):
    run("db", "upgrade")

    result = run(command, "nope")

    assert result.exit_code == 1
    assert "error: course 'nope' does not exist" in result.output and "Traceback" not in result.output
