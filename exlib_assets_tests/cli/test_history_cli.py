"""`exlib history`: the audit trail of a course through assignment, deployment, update,
rollback, template release and unassignment, each with who, when, what and the commit."""

import getpass
import json
from pathlib import Path

from exlib_assets_tests.lesson_course import deploy_lesson_course_with_the_cli
from exlib_assets_tests.repositories import git


def head(settings, repository: str) -> str:
    return git("rev-parse", "main", cwd=Path(settings.git_url) / f"prog1-{repository}.git").strip()


def history(run, *args: str) -> list[dict]:
    result = run("history", "prog1", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_change_is_recorded_with_who_when_what_and_the_commit(run, make_example, settings, tmp_path):
    user = getpass.getuser()
    deploy_lesson_course_with_the_cli(run, make_example)
    deployed = head(settings, "assignments")
    newer = make_example("lesson", version="1.1", files={"notes.txt": "new\n"}, parent=tmp_path / "next")
    assert run("library", "import", str(newer)).exit_code == 0
    assert run("update", "prog1", "--strategy", "overwrite").exit_code == 0
    updated = head(settings, "assignments")
    assert run("rollback", "prog1", "week1.lesson").exit_code == 0
    rolled_back = head(settings, "assignments")
    assert run("template", "prog1").exit_code == 0
    released = head(settings, "student-template")
    assert run("unassign", "prog1", "week1.lesson").exit_code == 0

    entries = history(run)

    # Newest first; flags raised by the update check are recorded too, by exlib itself.
    story = [(e["event"], e["path"], e["change"], e["commit"]) for e in reversed(entries) if e["actor"] != "exlib"]
    assert story == [
        ("assigned", "week1.lesson", "nothing -> test.lesson@latest (now 1.0)", None),
        ("deployed", "week1.lesson", "- -> 1.0", deployed),
        ("deployed", "week1.lesson", "1.0 -> 1.1 (update)", updated),
        ("deployed", "week1.lesson", "1.1 -> 1.0 (rollback)", rolled_back),
        ("template_released", None, "1 contents from assignments " + rolled_back[:12], released),
        ("unassigned", "week1.lesson", "test.lesson@latest -> nothing", None),
    ]
    # Who: the CLI user, also for the changes made inside Dagster runs the CLI started.
    assert {e["actor"] for e in entries if e["actor"] != "exlib"} == {user}
    assert all(e["at"] for e in entries)
    assert history(run, "--event", "template_released")[0]["details"]["contents"] == ["week1.lesson"]


def test_history_of_a_path_and_the_newest_n(run, make_example):
    deploy_lesson_course_with_the_cli(run, make_example)
    run("course", "add-content", "prog1", "week2.other")

    assert {e["path"] for e in history(run, "--path", "week1")} == {"week1.lesson"}
    assert [e["event"] for e in history(run, "--limit", "1")] == ["deployed"]
    plain = run("history", "prog1")
    assert "deployed" in plain.output and "assigned" in plain.output and getpass.getuser() in plain.output


def test_an_unknown_course_or_path_is_a_clear_error(run, make_example):
    deploy_lesson_course_with_the_cli(run, make_example)

    unknown_course = run("history", "nope")
    unknown_path = run("history", "prog1", "--path", "week9")

    assert unknown_course.exit_code == 1 and "nope" in unknown_course.output
    assert unknown_path.exit_code == 1 and "week9" in unknown_path.output
