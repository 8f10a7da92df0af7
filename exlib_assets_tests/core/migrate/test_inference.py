"""A meta.yaml for a folder that has none: each field, and how it was guessed."""

import pytest
import yaml

from exlib_assets.core.meta import parse_meta
from exlib_assets.core.migrate.held_back import reference_copy_reason, run_output_reason
from exlib_assets.core.migrate.inference import GENERATED_HEADER, guess_identifier, identifier_for, infer_meta
from exlib_assets.core.migrate.readme import first_heading, readme_title
from exlib_assets_tests.core.migrate.existing_course import FILES

TEST_RULE = "files named test_*, *_test, test-*, conftest or runtests, and tests/, test/, localTests/ folders"


def folder(prefix: str, extra: dict[str, str] | None = None) -> dict[str, bytes]:
    files = {p.removeprefix(prefix + "/"): t for p, t in FILES.items() if p.startswith(prefix + "/")}
    return {path: text.encode() for path, text in (files | (extra or {})).items()}


def infer(relative: str, files: dict[str, bytes]):
    return infer_meta(
        relative,
        files,
        identifier=identifier_for(relative, "prog1"),
        identifier_reason="the folder path",
        version="1.0",
        version_reason="first",
    )


def test_python_folder_shipped_by_studentfiles():
    inferred = infer("week1/hello_world", folder("week1/hello_world"))

    assert inferred.document == {
        "identifier": "prog1.week1.hello_world",
        "version": "1.0",
        "title": "Hello, world!",
        "properties": {
            "studentSubmissionFiles": [],
            "studentTemplates": [],
            "additionalFiles": ["README.md", "hello.py"],
            "testFiles": ["test_hello.py"],
            "executionBackend": {"slug": "python"},
        },
    }
    assert inferred.guessed == {
        "identifier": "the folder path",
        "version": "first",
        "title": "the first heading of README.md",
        "properties.studentSubmissionFiles": "source files that are not tests, headers or master/solution/reference "
        "copies",
        "properties.studentTemplates": "the files under studentTemplates/",
        "properties.additionalFiles": "the files .studentfiles lists (what students got so far)",
        "properties.testFiles": TEST_RULE,
        "properties.executionBackend.slug": "file endings (2 python files)",
    }
    assert inferred.notes == [
        "week1/hello_world/hello.py is listed in .studentfiles, so students keep getting it (solution markers "
        "stripped) as an additionalFiles entry, not as a submission or test file"
    ]


def test_the_generated_file_says_so_and_is_a_valid_meta_yaml():
    data = infer("week2/caesar", folder("week2/caesar")).to_bytes()

    assert data.startswith(GENERATED_HEADER)
    meta = parse_meta(data, folder="caesar")
    assert (meta.identifier, meta.version, meta.title) == ("prog1.week2.caesar", "1.0", "Caesar cipher")
    assert meta.properties.student_submission_files == ("caesar.py",)
    assert meta.properties.additional_files == ("README.md", "data/alphabet.txt")
    assert meta.properties.test_files == ("test_caesar.py",)
    assert meta.properties.execution_backend.slug == "python"
    assert "studentSubmissionFiles: [caesar.py]" in data.decode()  # lists read like hand-written ones


def test_c_headers_and_makefile_are_additional_files():
    inferred = infer("week3/stack", folder("week3/stack"))

    assert inferred.document["properties"] == {
        "studentSubmissionFiles": ["stack.c"],
        "studentTemplates": [],
        "additionalFiles": ["Makefile", "README.md", "stack.h"],
        "testFiles": ["test_stack.c"],
        "executionBackend": {"slug": "c"},
    }
    assert inferred.guessed["properties.executionBackend.slug"] == "file endings (1 c file)"


def test_r_and_octave_tests_and_a_title_from_the_folder_name():
    stats = infer("week2/stats", folder("week2/stats"))
    helpers = infer("week2/r_helpers", folder("week2/r_helpers"))
    normalize = infer("week4/normalize", folder("week4/normalize"))

    assert stats.document["properties"]["testFiles"] == ["test-stats.R"]
    assert stats.document["properties"]["executionBackend"] == {"slug": "r"}
    assert (helpers.document["title"], helpers.guessed["title"]) == (
        "R helpers",
        "the folder name (no README heading found)",
    )
    assert normalize.document["properties"]["studentSubmissionFiles"] == ["normalize.m"]
    assert normalize.document["properties"]["testFiles"] == ["test_normalize.m"]
    assert normalize.document["properties"]["executionBackend"] == {"slug": "octave"}


def test_templates_tests_folders_task_text_and_hidden_folders():
    files = {
        "solver.py": b"",
        "studentTemplates/solver.py": b"",
        "tests/test_solver.py": b"",
        "tests/data.txt": b"",
        "content/index.md": b"# Solver\n",
        "README.md": b"# Old readme\n",
        "reference/solver.py": b"",
        "test.yaml": b"",
        "helper.c": b"",
    }

    inferred = infer("w/solver", files)

    assert inferred.document["title"] == "Solver"  # the task text names the task, not an old README
    assert inferred.document["properties"] == {
        "studentSubmissionFiles": ["helper.c", "solver.py"],
        "studentTemplates": ["studentTemplates/solver.py"],
        "additionalFiles": [],  # README.md would collide with content/index.md in the template
        "testFiles": ["tests"],
        "executionBackend": {"slug": "c"},
    }
    assert inferred.guessed["properties.executionBackend.slug"] == (
        "file endings, mixed: c (1), python (1); took the most common"
    )


def test_identifiers_from_folder_paths():
    assert identifier_for("week1/hello_world", None) == "week1.hello_world"
    assert identifier_for("Week 1/Hello-World!", "prog1.legacy") == "prog1.legacy.Week_1.Hello-World"
    assert identifier_for("_x/2024", None) == "x.2024"


def test_titles_from_headings():
    assert first_heading("intro\n\n## Caesar ##\n") == "Caesar"
    assert first_heading("Stack\n=====\n") == "Stack"
    assert first_heading("plain text\n") is None
    assert readme_title({"notes.txt": b"# no", "task.md": b"# Final project\n"}) == (
        "Final project",
        "the first heading of task.md",
    )
    assert readme_title({"readme.MD": b"\xff\xfe", "b.md": b"Bee\n---\n"}) == ("Bee", "the first heading of b.md")


def test_yaml_of_a_generated_meta_round_trips():
    inferred = infer("week4/vector_norm", folder("week4/vector_norm"))

    assert yaml.safe_load(inferred.to_bytes()) == inferred.document


def test_dotted_folder_names_are_identifiers_already():
    assert identifier_for("org.course.c/org.course.c.task", None) == "org.course.c.task"
    assert identifier_for("org.course.c/org.course.c.task", "org.course") == "org.course.c.task"
    assert identifier_for("org.course.c/org.course.c.task", "prog1") == "prog1.org.course.c.task"
    # A dotted parent keeps its dots: the folder's exercises share its namespace.
    assert identifier_for("org.course.c/hello world", None) == "org.course.c.hello_world"
    assert guess_identifier("2023/org.c.task", None, shared_names={"org.c.task"}) == (
        "2023.org.c.task",
        "the folder path 2023/org.c.task (other folders are named org.c.task too)",
    )
    assert infer("org.c/org.c.word_count", {"wc.py": b""}).document["title"] == "Word count"


def test_titles_prefer_the_task_text_then_a_readme_that_is_not_boilerplate():
    files = {
        "README.md": b"# Exercise\n",
        "content/index_de.md": b"# Aufgabe\n",
        "content/index_fr.md": b"# Devoir\n",
        "content/index_en.md": b"# Task\n",
    }
    assert readme_title(files) == ("Task", "the first heading of content/index_en.md")
    assert readme_title(files | {"content/index.md": b"# Main\n"})[0] == "Main"
    assert readme_title({k: v for k, v in files.items() if k != "content/index_en.md"})[0] == "Aufgabe"
    assert readme_title({"README.md": b"# Exercise\n", "task.md": b"# Final\n"}, boilerplate={"Exercise"}) == (
        "Final",
        "the first heading of task.md",
    )
    assert readme_title({"README.md": b"# Exercise\n"}, boilerplate={"Exercise"}) is None


@pytest.mark.parametrize(
    ("path", "is_code", "held_back"),
    [
        ("output/testSummary.json", False, True),
        ("outputs/run1/result.txt", False, True),
        ("results_case2.json", False, True),
        ("TestSummary.md", False, True),
        ("coverage_report.html", False, True),
        ("main.o", False, True),
        ("run.log", False, True),
        ("output/helper.py", True, True),
        ("stats_summary.R", True, False),  # the task's own source, named after what it computes
        ("data/measurements.csv", False, False),
        ("Makefile", False, False),
    ],
)
def test_test_run_outputs(path, is_code, held_back):
    assert (run_output_reason(path, is_code=is_code) is not None) is held_back


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("task_master.py", "the master copy of task.py (a reference, never handed out)"),
        ("src/list-solution.c", "the solution copy of src/list.c (a reference, never handed out)"),
        ("stats_Reference.R", "the reference copy of stats.R (a reference, never handed out)"),
        ("solutions_sheet1.pdf", "named like a solutions copy (a reference, never handed out)"),
        ("master.py", "named like a master copy (a reference, never handed out)"),
        ("mastermind.py", None),
        ("task.py", None),
    ],
)
def test_master_solution_and_reference_copies(path, reason):
    files = ["task.py", "src/list.c", "stats.R", path]
    assert reference_copy_reason(path, files) == reason


def test_a_copy_of_a_test_case_or_solution_is_left_out_and_a_master_copy_is_no_submission():
    files = {
        "task.py": b"def f():\n    pass\n",
        "task_master.py": b"def f():\n    return 42\n",
        "answer.txt": b"42\n",
        "data.txt": b"1 2 3\n",
        "empty.txt": b"",
        "tests/expected.txt": b"42\n",
        "tests/test_task.py": b"",
    }

    inferred = infer("w/task", files)

    assert inferred.document["properties"]["studentSubmissionFiles"] == ["task.py"]
    assert inferred.document["properties"]["additionalFiles"] == ["data.txt", "empty.txt"]
    assert inferred.left_out == {
        "answer.txt": "the same bytes as tests/expected.txt (a test case, solution or output); add it to "
        "additionalFiles if students need it",
        "task_master.py": "the master copy of task.py (a reference, never handed out)",
    }


def test_with_a_studentfiles_list_a_master_copy_is_still_no_submission():
    files = {
        "task.py": b"",
        "task_master.py": b"def f():\n    return 42\n",
        "notes.txt": b"x",
        ".studentfiles": b"task.py\n",
    }

    inferred = infer("w/task", files)

    assert inferred.document["properties"]["studentSubmissionFiles"] == []
    assert inferred.document["properties"]["additionalFiles"] == ["task.py"]
    assert inferred.left_out == {
        "notes.txt": "not in .studentfiles (students did not get it so far)",
        "task_master.py": "the master copy of task.py (a reference, never handed out)",
    }
