"""Rows in `deploying` through the commands an admin types: a proposal run's row says what is true
in `exlib status`; a deploy killed mid-run is reported by `exlib check` and settled by
`exlib repair`; a broken history file pushed by a lecturer is set aside with a note."""

import json
from pathlib import Path

from exlib_assets_tests.lesson_course import LESSON, deploy_lesson_course_with_the_cli
from exlib_assets_tests.reliability.runs import KILLED, cli_env
from exlib_assets_tests.reliability.runs import run as run_process
from exlib_assets_tests.repositories import push_change


def assignments(settings) -> str:
    return str(Path(settings.git_url) / "prog1-assignments.git")


def test_after_a_conflicting_merge_status_shows_the_old_version_deployed_and_the_proposal(
    run, make_example, settings, tmp_path
):
    deploy_lesson_course_with_the_cli(run, make_example, LESSON)
    edited = LESSON.replace("line 4", "line 4 by the lecturer")
    push_change(assignments(settings), tmp_path, lambda repo: (repo / "week1/lesson/notes.txt").write_text(edited))
    newer = LESSON.replace("line 4", "line 4 by the library")
    assert (
        run(
            "library",
            "import",
            str(make_example("lesson", version="1.1", files={"notes.txt": newer}, parent=tmp_path / "v11")),
        ).exit_code
        == 0
    )

    updated = run("update", "prog1", "--strategy", "merge", "--json")

    assert updated.exit_code == 0, updated.output
    [content] = json.loads(run("status", "prog1", "--json").stdout)["contents"]
    assert (content["status"], content["deployed"]) == ("deployed", "1.0")
    assert content["proposal_branch"] == "exlib/update/week1.lesson/1.1"
    assert "proposed on branch exlib/update/week1.lesson/1.1" in content["reason"]
    checked = run("check", "prog1")
    assert checked.exit_code == 0, checked.output


def test_a_deploy_killed_mid_run_is_reported_by_check_and_settled_by_repair(run, make_example, settings, tmp_path):
    deploy_lesson_course_with_the_cli(run, make_example, LESSON)
    run("course", "add-content", "prog1", "week2.more")
    run("assign", "prog1", "week2.more", "test.lesson")
    env = cli_env(settings, tmp_path / "killed-dagster", EXLIB_FAILPOINT="deploy.files_written")

    killed = run_process(env, "deploy", "prog1", "week2.more")

    assert killed.returncode == KILLED, killed.stderr
    checked = run("check", "prog1")
    assert checked.exit_code == 1
    assert "week2.more: the database still says `deploying`" in checked.output
    assert "no longer running" in checked.output and "the repository holds nothing there" in checked.output
    [difference] = json.loads(run("check", "prog1", "--json").stdout)["differences"]
    assert (difference["path"], difference["kind"]) == ("week2.more", "abandoned by its run")

    repaired = run("repair", "prog1")

    assert repaired.exit_code == 0, repaired.output
    assert "week2.more: was left `deploying`" in repaired.output
    assert run("check", "prog1").exit_code == 0
    [more] = [
        c
        for c in json.loads(run("status", "prog1", "--json", "--no-refresh").stdout)["contents"]
        if c["path"] == "week2.more"
    ]
    assert more["status"] == "pending" and more["reason"].startswith("settled by repair")
    assert run("deploy", "prog1", "week2.more").exit_code == 0


def test_deploy_prints_a_note_when_it_sets_a_broken_history_file_aside(run, make_example, settings, tmp_path):
    deploy_lesson_course_with_the_cli(run, make_example, LESSON)
    run("course", "add-content", "prog1", "week2.more")
    run("assign", "prog1", "week2.more", "test.lesson")
    history = ".course-metadata/deployment-history.json"
    push_change(assignments(settings), tmp_path, lambda repo: (repo / history).write_text("{ broken"))

    deployed = run("deploy", "prog1")

    assert deployed.exit_code == 0, deployed.output
    assert f"note: {history} in the assignments repository is not valid JSON" in deployed.output
    assert "deployment-history.unreadable-" in deployed.output
