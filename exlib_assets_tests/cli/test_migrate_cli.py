"""`exlib migrate import` and `exlib migrate adopt`, then `exlib update` on the adopted course:
the migration as a lecturer runs it, on the embedded default and on PostgreSQL + S3."""

import json
import re
from pathlib import Path

import pytest
import yaml

from exlib_assets_tests.core.migrate.existing_course import (
    COURSE_ONLY,
    FILES,
    IMPORTED,
    commit_all,
    write_existing_repository,
    write_files,
)
from exlib_assets_tests.legacy_course import EXERCISES, write_legacy_course
from exlib_assets_tests.repositories import clone, git, push_change, tree_files


@pytest.fixture
def existing(tmp_path) -> Path:
    return write_existing_repository(tmp_path / "existing")


@pytest.fixture
def course_repository(run, existing, settings, tmp_path) -> str:
    """prog1 created with exlib, its assignments repository holding the existing course."""
    assert run("db", "upgrade").exit_code == 0
    assert run("course", "create", "prog1").exit_code == 0
    bare = str(Path(settings.git_url) / "prog1-assignments.git")
    git("push", "-q", bare, "main", cwd=existing)
    push_change(bare, tmp_path, lambda repo: write_files(repo, COURSE_ONLY), "Exam and bonus tasks")
    return bare


def test_import_reports_guesses_and_suggestions(run, existing):
    assert run("db", "upgrade").exit_code == 0

    preview = run("migrate", "import", str(existing), "--prefix", "prog1", "--dry-run")
    result = run("migrate", "import", str(existing), "--prefix", "prog1", "--json")

    assert preview.exit_code == 0, preview.output
    assert "would import prog1.week1.hello_world@1.0  week1/hello_world (meta.yaml generated)" in preview.stdout
    assert "guessed title: 'Hello, world!' from the first heading of README.md" in preview.stdout
    assert (
        "suggestion   week2/caesar needs week1/strings_util: add `prog1.py.strings_util` to its testDependencies"
        in preview.stdout
    )
    assert "suggestion   week2/palindrome needs week1/strings_util: already in its testDependencies" in preview.stdout
    assert "not imported conftest.py (a source file outside every assignment folder)" in preview.stdout
    assert "11 would import, 0 failed; 5 dependency suggestion(s)." in preview.stdout
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] and report["dry_run"] is False
    assert {e["folder"]: e["identifier"] for e in report["examples"] if e["status"] == "imported"} == IMPORTED
    listed = json.loads(run("library", "list", "--json").stdout)
    assert sorted(e["identifier"] for e in listed) == sorted(IMPORTED.values())


def test_a_failed_folder_or_bad_input_exits_non_zero(run, existing):
    assert run("db", "upgrade").exit_code == 0
    write_files(existing, {"week2/broken/meta.yaml": "version: [\n"})

    failed = run("migrate", "import", str(existing))
    missing = run("migrate", "import", str(existing / "nowhere"))

    assert failed.exit_code == 1 and "FAILED       week2/broken" in failed.output
    assert missing.exit_code == 1 and "is neither a folder on this machine nor a git URL" in missing.output


def test_adopt_then_update_through_the_normal_flow(run, existing, course_repository, tmp_path):
    assert run("migrate", "import", str(existing), "--prefix", "prog1").exit_code == 0

    preview = run("migrate", "adopt", "prog1", "--dry-run")
    adopted = run("migrate", "adopt", "prog1", "--json")

    assert preview.exit_code == 0, preview.output
    assert "would adopt  week2.caesar  prog1.week2.caesar@1.0 (^1.0, meta.yaml added)" in preview.stdout
    assert "traditional  week5/exam: its files match no version in the library" in preview.stdout
    assert "11 would adopt, 2 left as traditional content, 0 already from the library." in preview.stdout
    assert adopted.exit_code == 0, adopted.output
    report = json.loads(adopted.stdout)
    assert [a["path"] for a in report["adopted"]] == [folder.replace("/", ".") for folder in IMPORTED]
    assert [t["folder"] for t in report["traditional"]] == ["Bonus-Tasks", "week5/exam"]
    assert run("check", "prog1").exit_code == 0

    # The library gets a newer caesar; the lecturer has meanwhile edited another adopted folder.
    write_files(existing, {"week2/caesar/caesar.py": FILES["week2/caesar/caesar.py"] + "# 1.1\n"})
    commit_all(existing, "Improve caesar")
    assert run("migrate", "import", str(existing), "--prefix", "prog1").exit_code == 0
    push_change(course_repository, tmp_path, lambda repo: (repo / "week4/vector_norm/README.md").write_text("# Mine\n"))

    status = json.loads(run("status", "prog1", "--json").stdout)
    contents = {c["path"]: c for c in status["contents"]}
    assert contents["week2.caesar"]["update_available"] == "1.1"
    assert contents["week4.vector_norm"]["customized"] == ["~README.md"]
    updated = run("update", "prog1", "--json")

    assert updated.exit_code == 0, updated.output
    [outcome] = json.loads(updated.stdout)["outcomes"]
    assert (outcome["path"], outcome["status"], outcome["version"]) == ("week2.caesar", "deployed", "1.1")
    assert git("show", "main:week2/caesar/caesar.py", cwd=Path(course_repository)).endswith("# 1.1\n")
    assert git("show", "main:week4/vector_norm/README.md", cwd=Path(course_repository)) == "# Mine\n"
    assert git("show", "main:week5/exam/exam.py", cwd=Path(course_repository)) == COURSE_ONLY["week5/exam/exam.py"]


def test_adopt_needs_the_course(run):
    assert run("db", "upgrade").exit_code == 0

    result = run("migrate", "adopt", "prog9")

    assert result.exit_code == 1 and "create it with `exlib course create prog9`" in result.output


@pytest.fixture
def legacy(tmp_path) -> Path:
    return write_legacy_course(tmp_path / "legacy")


def folder_blocks(output: str) -> dict[str, list[str]]:
    """The report's indented lines under each folder's status line, by folder."""
    blocks: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in output.splitlines():
        header = re.match(r"^would import \S+  (\S+)", line)
        if header:
            lines = blocks.setdefault(header[1], [])
        elif line.startswith(" "):
            lines.append(line.strip())
    return blocks


def test_a_dry_run_shows_per_folder_what_students_get_and_what_is_left_out(run, legacy):
    assert run("db", "upgrade").exit_code == 0

    preview = run("migrate", "import", str(legacy), "--dry-run")

    assert preview.exit_code == 0, preview.output
    blocks = folder_blocks(preview.stdout)
    assert sorted(blocks) == sorted(EXERCISES)
    sum_list = blocks["python/sum_list"]
    assert "guessed title: 'Sum of a list' from the first heading of content/index_en.md" in sum_list
    assert (
        "guessed properties.studentSubmissionFiles: ['task.py'] from source files that are not tests, headers or "
        "master/solution/reference copies" in sum_list
    )
    assert [line for line in sum_list if line.startswith(("students get", "left out"))] == [
        "students get: README.md, README_de.md, README_en.md, meta.yaml, task.py (empty starter)",
        "left out for review: README.md: a README beside the task text content/index_en.md, which students get instead",
        "left out for review: output/results.json: a test-run output (under output/)",
        "left out for review: output/testSummary.json: a test-run output (under output/)",
        "left out for review: results.json: a test-run output (named results*, *summary* or *report*)",
        "left out for review: task_master.py: the master copy of task.py (a reference, never handed out)",
    ]
    assert (
        "students get: Makefile, README.md, README_en.md, matrix.h, meta.yaml, trace.c (empty starter)"
        in (blocks["c/matrix_trace"])
    )
    assert (
        "guessed identifier: 'org.course.c.reverse' from the folder name org.course.c.reverse (a dotted "
        "identifier already)" in blocks["org.course.c/org.course.c.reverse"]
    )
    assert all(any(line.startswith("students get: ") for line in block) for block in blocks.values())
    assert "6 would import, 0 failed; 0 dependency suggestion(s)." in preview.stdout
    as_json = run("migrate", "import", str(legacy), "--dry-run", "--json")
    reverse = next(e for e in json.loads(as_json.stdout)["examples"] if e["identifier"] == "org.course.c.reverse")
    assert (reverse["student_files"], reverse["empty_starters"]) == (
        ["README.md", "README_en.md", "meta.yaml", "reverse.c"],
        ["reverse.c"],
    )
    assert sorted(reverse["left_out"]) == ["README.md", "output/testSummary.json", "reverse_solution.c"]
    assert json.loads(run("library", "list", "--json").stdout) == []


def test_legacy_course_import_adopt_then_template_ships_no_output_and_no_reference(run, legacy, settings, tmp_path):
    assert run("db", "upgrade").exit_code == 0
    assert run("migrate", "import", str(legacy)).exit_code == 0
    assert run("course", "create", "sciprog").exit_code == 0
    git("push", "-q", str(Path(settings.git_url) / "sciprog-assignments.git"), "main", cwd=legacy)

    adopted = run("migrate", "adopt", "sciprog", "--json")
    template = run("template", "sciprog", "--json")

    assert adopted.exit_code == 0, adopted.output
    report = json.loads(adopted.stdout)
    assert [a["path"] for a in report["adopted"]] == [
        "c.matrix_trace",
        "python.fizzbuzz",
        "python.sum_list",
        "python.word_count",
        "r.mean_sd",
    ]
    # Its folder name is no content path (the dots would read as levels): it stays as it is.
    assert [(t["folder"], t["path"]) for t in report["traditional"]] == [("org.course.c/org.course.c.reverse", None)]
    assert template.exit_code == 0, template.output
    assert [c["path"] for c in json.loads(template.stdout)["included"]] == [a["path"] for a in report["adopted"]]
    bare = Path(settings.git_url) / "sciprog-student-template.git"
    assert tree_files(str(bare)) == [
        "README.md",
        "c/matrix_trace/Makefile",
        "c/matrix_trace/README.md",
        "c/matrix_trace/README_en.md",
        "c/matrix_trace/matrix.h",
        "c/matrix_trace/meta.yaml",
        "c/matrix_trace/trace.c",
        "python/fizzbuzz/fizzbuzz.py",
        "python/fizzbuzz/meta.yaml",
        "python/sum_list/README.md",
        "python/sum_list/README_de.md",
        "python/sum_list/README_en.md",
        "python/sum_list/meta.yaml",
        "python/sum_list/task.py",
        "python/word_count/README.md",
        "python/word_count/README_en.md",
        "python/word_count/data/sample.txt",
        "python/word_count/meta.yaml",
        "python/word_count/word_count.py",
        "r/mean_sd/README.md",
        "r/mean_sd/README_de.md",
        "r/mean_sd/README_en.md",
        "r/mean_sd/mean_sd.R",
        "r/mean_sd/meta.yaml",
    ]
    fork = clone(str(bare), tmp_path / "fork")
    shipped = {p.read_bytes() for p in fork.rglob("*") if p.is_file() and ".git" not in p.parts}
    answers = [legacy / "python/sum_list/results.json", legacy / "python/word_count/counts.txt"]
    references = [legacy / "python/sum_list/task_master.py", legacy / "c/matrix_trace/trace_master.c"]
    assert not shipped & {path.read_bytes() for path in answers + references}
    assert (fork / "python/sum_list/task.py").read_bytes() == b""  # an empty starter, not the master copy
    student_meta = yaml.safe_load((fork / "python/sum_list/meta.yaml").read_text())
    assert student_meta["properties"] == {
        "studentSubmissionFiles": ["task.py"],
        "studentTemplates": [],
        "additionalFiles": [],
    }
