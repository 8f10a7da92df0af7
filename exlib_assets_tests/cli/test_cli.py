"""The `exlib` command line, as a user runs it."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exlib_assets.cli.main import cli
from exlib_assets_tests.repositories import commit_count, tree_files


def test_commands_need_a_migrated_database_and_say_how(run):
    result = run("library", "list")

    assert result.exit_code == 1
    assert "run `exlib db upgrade`" in result.output
    assert "Traceback" not in result.output


def test_import_list_show_as_json(run, make_example, tmp_path):
    assert run("db", "upgrade").exit_code == 0
    tree = tmp_path / "tree"
    make_example("base", parent=tree)
    make_example("top", parent=tree, dependencies=["test.base"])

    imported = run("library", "import", str(tree), "--json")

    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.output)
    assert set(report) == {"imported", "unchanged", "failed"}
    assert [e["identifier"] for e in report["imported"]] == ["test.base", "test.top"]

    again = json.loads(run("library", "import", str(tree), "--json").output)
    assert [e["identifier"] for e in again["unchanged"]] == ["test.base", "test.top"] and not again["imported"]

    listed = json.loads(run("library", "list", "--json").output)
    assert [(e["identifier"], e["versions"]) for e in listed] == [("test.base", ["1.0"]), ("test.top", ["1.0"])]

    shown = json.loads(run("library", "show", "test.top@1.0", "--json").output)
    assert shown["dependencies"] == [{"identifier": "test.base", "constraint": "latest", "resolves_to": "1.0"}]
    assert "meta.yaml" in shown["files"]


def test_failed_import_exits_non_zero_and_names_the_problem(run, make_example, tmp_path):
    run("db", "upgrade")
    tree = tmp_path / "tree"
    make_example("fine", parent=tree)
    bad = make_example("bad", parent=tree)
    (bad / "meta.yaml").write_text("identifier: test.bad\nversion: 1.0\nproperties:\n  testFiles: [../../etc/passwd]\n")

    result = run("library", "import", str(tree))

    assert result.exit_code == 1
    assert "imported   test.fine@1.0" in result.output
    assert "FAILED" in result.output and "properties.testFiles" in result.output and ".." in result.output
    assert "1 imported, 0 unchanged, 1 failed." in result.output


def test_unknown_example_and_version(run, make_example):
    run("db", "upgrade")
    run("library", "import", str(make_example("caesar")))

    unknown = run("library", "show", "test.nope")
    assert unknown.exit_code == 1 and "error: example 'test.nope' is not in library" in unknown.output

    version = run("library", "show", "test.caesar@2.0")
    assert version.exit_code == 1 and "available versions: 1.0" in version.output


def test_console_script_is_installed():
    exlib = shutil.which("exlib", path=str(Path(sys.executable).parent))
    assert exlib, "the exlib console script is not installed next to this Python"

    result = subprocess.run([exlib, "--help"], capture_output=True, text=True, check=True)

    for command in ("library", "db", "demo", "sample"):
        assert command in result.stdout


def test_demo_runs_the_whole_flow_on_the_embedded_default(tmp_path, monkeypatch):
    monkeypatch.setenv("EXLIB_HOME", str(tmp_path / "exlib"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    for name in ("EXLIB_DATABASE_URL", "EXLIB_STORAGE_URL", "EXLIB_LIBRARY"):
        monkeypatch.delenv(name, raising=False)

    result = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    assert "course prog1_2026 created" in result.output
    # The newer versions copied straight into storage are found by the sensor and indexed.
    assert "itpcp.pgph.py.caesar@1.1" in result.output
    indexed = result.output.split("\n4. ")[1].split("\n5. ")[0]
    rows = [line.split() for line in indexed.splitlines() if line.startswith("itpcp.")]
    assert len(rows) == 15 and all(row[3:5] == ["all", "passed"] for row in rows)
    assert sorted(row[0] for row in rows if row[1] == "new") == [
        "itpcp.num.octave.vector_norm@1.1",
        "itpcp.pgph.py.caesar@1.1",
    ]
    assert (tmp_path / "dagster" / "dagster.yaml").exists()
    deployed = [line for line in result.output.splitlines() if line.startswith("week") and "deployed" in line]
    assert len(deployed) == 13  # every assigned content of the sample course, dependencies included
    bare = tmp_path / "exlib" / "git" / "prog1_2026-assignments.git"
    assert commit_count(str(bare)) == 1
    # The sample course's student template: task text and templates, no solution, no tests.
    template = tmp_path / "exlib" / "git" / "prog1_2026-student-template.git"
    files = tree_files(str(template))
    assert {"README.md", "week2/caesar/caesar.py", "week2/caesar/README.md", "week4/vector_norm/vector_norm.m"} <= set(
        files
    )
    assert not [f for f in files if "test" in f.rsplit("/", 1)[-1] or f.endswith(".example-library")]
    # It ends with the analytics: materialized into their tables, then printed.
    analytics = result.output.split("\n7. ")[1]
    assert "course_status: 1 rows in table analytics_course_status" in analytics
    usage = analytics.split("Example usage\n")[1].split("\n\n")[0].splitlines()[1:]
    assert len(usage) == 13 and all(line.split()[2:4] == ["1", "1"] for line in usage)  # one use, one course each
    assert "1 course, 0 behind the library, 0 with failures" in analytics


def test_course_create_add_content_assign_and_show(run, make_example, settings):
    run("db", "upgrade")
    run("library", "import", str(make_example("caesar", version="1.2")))

    created = run("course", "create", "prog1_2026", "--title", "Programming 1")
    assert created.exit_code == 0, created.output
    for name in ("prog1_2026-assignments", "prog1_2026-student-template"):
        bare = Path(settings.git_url) / f"{name}.git"
        assert (bare / "HEAD").read_text().strip() == "ref: refs/heads/main"
        assert str(bare) in created.output

    added = run("course", "add-content", "prog1_2026", "week1.caesar", "--title", "Caesar")
    assert added.exit_code == 0, added.output
    assigned = run("assign", "prog1_2026", "week1.caesar", "test.caesar@^1.0")
    assert assigned.exit_code == 0 and "(now 1.2)" in assigned.output

    rows = json.loads(run("course", "show", "prog1_2026", "--json").output)
    assert rows == [
        {"path": "week1", "title": None, "example": None, "version": None},
        {"path": "week1.caesar", "title": "Caesar", "example": "test.caesar", "version": "^1.0"},
    ]
    assert json.loads(run("course", "list", "--json").output) == [
        {"slug": "prog1_2026", "title": "Programming 1", "contents": 2}
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("course", "create", "Prog 1"), "course slug 'Prog 1' is not valid"),
        (("course", "add-content", "nope", "week1"), "course 'nope' does not exist"),
        (("course", "add-content", "prog1", "week-1"), "content path 'week-1' is not valid"),
        (("assign", "prog1", "week9", "test.caesar"), "course 'prog1' has no content 'week9'"),
        (("assign", "prog1", "week1", "test.nope"), "example 'test.nope' is not in library"),
        (("assign", "prog1", "week1", "test.caesar@^2"), "available versions: 1.2"),
        (("assign", "prog1", "week1", "test.caesar@>>1"), "not a valid version constraint"),
    ],
)
def test_course_commands_refuse_bad_input_and_write_nothing(run, make_example, args, message):
    run("db", "upgrade")
    run("library", "import", str(make_example("caesar", version="1.2")))
    run("course", "create", "prog1")
    run("course", "add-content", "prog1", "week1")
    before = run("course", "show", "prog1", "--json").output

    result = run(*args)

    assert result.exit_code == 1
    assert message in result.output, result.output
    assert run("course", "show", "prog1", "--json").output == before


def test_deploy_dry_run_then_deploy_then_nothing_to_do(run, make_example):
    run("db", "upgrade")
    run("library", "import", str(make_example("caesar")))
    run("course", "create", "prog1")
    run("course", "add-content", "prog1", "week1.caesar")
    run("assign", "prog1", "week1.caesar", "test.caesar")

    preview = run("deploy", "prog1", "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "would deploy" in preview.output and "week1.caesar: write  solution.py" in preview.output

    done = run("deploy", "prog1", "--json")
    report = json.loads(done.stdout)
    assert done.exit_code == 0 and report["commit"] and report["outcomes"][0]["status"] == "deployed"

    again = run("deploy", "prog1")
    assert again.exit_code == 0 and "no commit (nothing changed)" in again.output and "unchanged" in again.output
