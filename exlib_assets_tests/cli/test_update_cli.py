"""`exlib status`, `exlib update`, `exlib rollback` and the course's update settings, end to end:
a lecturer's edit is seen, merged with a new version, and the update can be rolled back."""

import json
from pathlib import Path

import dagster as dg
import pytest

from exlib_assets_tests.lesson_course import deploy_lesson_course_with_the_cli
from exlib_assets_tests.repositories import git, push_change

LESSON = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n"


@pytest.fixture
def prog1(run, make_example, settings, tmp_path):
    """prog1 with lesson 1.0 deployed at week1.lesson, a lecturer's edit of notes.txt, and 1.1 released."""
    deploy_lesson_course_with_the_cli(run, make_example, LESSON)
    bare = str(Path(settings.git_url) / "prog1-assignments.git")
    edited = LESSON.replace("line 1", "line 1 (mine)")
    push_change(bare, tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_text(edited))
    newer = make_example("lesson", version="1.1", files={"notes.txt": LESSON + "line 7\n"}, parent=tmp_path / "next")
    assert run("library", "import", str(newer)).exit_code == 0
    return "prog1"


def main_notes(settings) -> str:
    return git("show", "main:week1/lesson/notes.txt", cwd=Path(settings.git_url) / "prog1-assignments.git")


def test_status_shows_the_update_and_the_customization(run, prog1):
    result = run("status", prog1, "--json")

    assert result.exit_code == 0, result.output
    [content] = json.loads(result.stdout)["contents"]
    assert (content["deployed"], content["update_available"], content["customized"]) == ("1.0", "1.1", ["~notes.txt"])
    plain = run("status", prog1, "--no-refresh")
    assert "week1.lesson" in plain.stdout and "1 update(s) available" in plain.stdout


def test_update_merges_and_rollback_restores(run, prog1, settings):
    updated = run("update", prog1, "--strategy", "merge", "--json")

    assert updated.exit_code == 0, updated.output
    [outcome] = json.loads(updated.stdout)["outcomes"]
    assert (outcome["status"], outcome["kept_local"]) == ("merged", ["notes.txt"])
    assert main_notes(settings) == LESSON.replace("line 1", "line 1 (mine)") + "line 7\n"

    back = run("rollback", prog1, "week1.lesson")

    assert back.exit_code == 0, back.output
    assert "test.lesson 1.1 -> 1.0" in back.stdout
    assert main_notes(settings) == LESSON.replace("line 1", "line 1 (mine)")
    [content] = json.loads(run("status", prog1, "--json").stdout)["contents"]
    assert (content["deployed"], content["update_available"], content["dismissed"]) == ("1.0", None, "1.1")


def test_update_dry_run_and_overwrite(run, prog1, settings):
    preview = run("update", prog1, "--strategy", "overwrite", "--dry-run", "--json")
    assert preview.exit_code == 0 and json.loads(preview.stdout)["outcomes"][0]["status"] == "deployed"
    assert "(mine)" in main_notes(settings)

    assert run("update", prog1, "--strategy", "overwrite").exit_code == 0
    assert main_notes(settings) == LESSON + "line 7\n"


def test_bad_requests_are_refused_before_any_run(run, prog1):
    assert run("update", prog1, "--strategy", "bogus").exit_code == 2
    missing = run("update", prog1, "week9.nothing")
    assert missing.exit_code == 1 and "week9.nothing" in missing.output
    never = run("rollback", prog1, "week1.lesson", "--to", "7.0")
    assert never.exit_code == 1 and "never held test.lesson@7.0" in never.output


def test_course_update_settings_are_shown_by_status(run, prog1):
    assert run("course", "set", prog1, "--update-policy", "propose", "--update-strategy", "overwrite").exit_code == 0

    report = json.loads(run("status", prog1, "--json", "--no-refresh").stdout)

    assert (report["update_policy"], report["update_strategy"]) == ("propose", "overwrite")


def test_the_table_the_run_log_and_the_commit_tell_the_same_story(run, prog1, settings):
    updated = run("update", prog1, "--strategy", "merge")

    assert updated.exit_code == 0, updated.output
    said = "merged test.lesson 1.0 -> 1.1: kept your changes to notes.txt"
    row = next(line for line in updated.stdout.splitlines() if line.startswith("week1.lesson"))
    assert "test.lesson 1.0 -> 1.1" in row and "kept your changes to notes.txt" in row
    message = git("log", "-1", "--format=%B", "main", cwd=Path(settings.git_url) / "prog1-assignments.git")
    assert f"- week1.lesson: {said}\n" in message
    run_id = updated.stdout.strip().splitlines()[-1].removeprefix("run: ")
    with dg.DagsterInstance.from_config(str(settings.home / "dagster")) as instance:
        messages = [event.user_message for event in instance.all_logs(run_id)]
    assert any(m.endswith(f"prog1/week1.lesson: {said}") for m in messages), messages
