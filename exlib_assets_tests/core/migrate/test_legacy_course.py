"""Importing a legacy course (see legacy_course.py) guesses like a careful lecturer would: test-run
outputs, results equal to the reference's, master/solution/reference copies and a boilerplate
README are never declared student-facing, but listed for review; identifiers, titles and the
student view of every folder come out as that lecturer would write them. On both backends."""

import pytest
import yaml

from exlib_assets.core.migrate.importer import import_repository
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.templates.student_view import student_files
from exlib_assets_tests.legacy_course import EXERCISES, write_legacy_course

TEST_DEFINITION_NOTE = (
    "{folder}/test.yaml is not listed in testFiles: it is the test definition, which the student template never "
    "ships whatever the lists say"
)
README_BESIDE_TASK_TEXT = "a README beside the task text content/index_en.md, which students get instead"
UNDER_OUTPUT = "a test-run output (under output/)"
NAMED_LIKE_OUTPUT = "a test-run output (named results*, *summary* or *report*)"

# Folder -> (identifier, title, where the title came from, the guessed file lists, backend).
GUESSES = {
    "python/sum_list": (
        "python.sum_list",
        "Sum of a list",
        "the first heading of content/index_en.md",
        {"studentSubmissionFiles": ["task.py"], "additionalFiles": [], "testFiles": ["localTests"]},
        "python",
    ),
    "python/word_count": (
        "python.word_count",
        "Counting words",
        "the first heading of content/index_en.md",
        {
            "studentSubmissionFiles": ["word_count.py"],
            "additionalFiles": ["data/sample.txt"],
            "testFiles": ["localTests"],
        },
        "python",
    ),
    "python/fizzbuzz": (
        "python.fizzbuzz",
        "Fizzbuzz",
        "the folder name (the README heading 'Exercise' tops other folders' READMEs too, so it names no task)",
        {"studentSubmissionFiles": ["fizzbuzz.py"], "additionalFiles": [], "testFiles": ["localTests"]},
        "python",
    ),
    "r/mean_sd": (
        "r.mean_sd",
        "Mean and standard deviation",
        "the first heading of content/index_en.md",
        {"studentSubmissionFiles": ["mean_sd.R"], "additionalFiles": [], "testFiles": ["localTests"]},
        "r",
    ),
    "c/matrix_trace": (
        "c.matrix_trace",
        "Trace of a matrix",
        "the first heading of content/index_en.md",
        {
            "studentSubmissionFiles": ["trace.c"],
            "additionalFiles": ["Makefile", "matrix.h"],
            "testFiles": ["localTests"],
        },
        "c",
    ),
    "org.course.c/org.course.c.reverse": (
        "org.course.c.reverse",
        "Reverse a string",
        "the first heading of content/index_en.md",
        {"studentSubmissionFiles": ["reverse.c"], "additionalFiles": [], "testFiles": ["localTests"]},
        "c",
    ),
}

# Folder -> the files left out of every list, with why.
LEFT_OUT = {
    "python/sum_list": {
        "README.md": README_BESIDE_TASK_TEXT,
        "output/results.json": UNDER_OUTPUT,
        "output/testSummary.json": UNDER_OUTPUT,
        "results.json": NAMED_LIKE_OUTPUT,
        "task_master.py": "the master copy of task.py (a reference, never handed out)",
    },
    "python/word_count": {
        "README.md": README_BESIDE_TASK_TEXT,
        "counts.txt": "the same bytes as localTests/sample/expected.txt (a test case, solution or output); add it "
        "to additionalFiles if students need it",
        "output/report.html": UNDER_OUTPUT,
        "output/testSummary.json": UNDER_OUTPUT,
        "word_count_solution.py": "the solution copy of word_count.py (a reference, never handed out)",
    },
    "python/fizzbuzz": {
        # No task text, but the README is every folder's: it tells nothing about this task.
        "README.md": "the same README as in other folders (boilerplate, not this task's text)",
        "fizzbuzz_master.py": "the master copy of fizzbuzz.py (a reference, never handed out)",
        "output/testSummary.json": UNDER_OUTPUT,
    },
    "r/mean_sd": {
        "README.md": README_BESIDE_TASK_TEXT,
        "mean_sd_reference.R": "the reference copy of mean_sd.R (a reference, never handed out)",
        "output/testSummary.json": UNDER_OUTPUT,
        "results.csv": NAMED_LIKE_OUTPUT,
        "testSummary.txt": NAMED_LIKE_OUTPUT,
    },
    "c/matrix_trace": {
        "README.md": README_BESIDE_TASK_TEXT,
        "build.log": "a test-run or build output (by its ending)",
        "output/testSummary.json": UNDER_OUTPUT,
        "trace_master.c": "the master copy of trace.c (a reference, never handed out)",
    },
    "org.course.c/org.course.c.reverse": {
        "README.md": README_BESIDE_TASK_TEXT,
        "output/testSummary.json": UNDER_OUTPUT,
        "reverse_solution.c": "the solution copy of reverse.c (a reference, never handed out)",
    },
}

# Folder -> what students get from it (the template builder's student view), and the empty starters.
STUDENT_VIEW = {
    "python/sum_list": (["README.md", "README_de.md", "README_en.md", "meta.yaml", "task.py"], ["task.py"]),
    "python/word_count": (
        ["README.md", "README_en.md", "data/sample.txt", "meta.yaml", "word_count.py"],
        ["word_count.py"],
    ),
    "python/fizzbuzz": (["fizzbuzz.py", "meta.yaml"], ["fizzbuzz.py"]),
    "r/mean_sd": (["README.md", "README_de.md", "README_en.md", "mean_sd.R", "meta.yaml"], ["mean_sd.R"]),
    "c/matrix_trace": (["Makefile", "README.md", "README_en.md", "matrix.h", "meta.yaml", "trace.c"], ["trace.c"]),
    "org.course.c/org.course.c.reverse": (["README.md", "README_en.md", "meta.yaml", "reverse.c"], ["reverse.c"]),
}


@pytest.fixture
def legacy_repository(tmp_path):
    return write_legacy_course(tmp_path / "legacy")


def test_each_folder_is_guessed_like_a_careful_lecturer(app, legacy_repository):
    report = import_repository(app, str(legacy_repository), dry_run=True)

    assert report.ok and [e.folder for e in report.examples] == sorted(EXERCISES)
    for example in report.examples:
        identifier, title, title_from, lists, backend = GUESSES[example.folder]
        assert (example.status, example.meta, example.identifier) == ("would import", "generated", identifier)
        meta = example.generated_meta
        assert (meta["title"], example.guessed["title"]) == (title, title_from)
        assert meta["properties"] == {
            "studentSubmissionFiles": lists["studentSubmissionFiles"],
            "studentTemplates": [],
            "additionalFiles": lists["additionalFiles"],
            "testFiles": lists["testFiles"],
            "executionBackend": {"slug": backend},
        }, example.folder
        assert example.left_out == LEFT_OUT[example.folder], example.folder
        assert (example.student_files, example.empty_starters) == STUDENT_VIEW[example.folder], example.folder
        assert TEST_DEFINITION_NOTE.format(folder=example.folder) in example.notes


def test_identifiers_take_a_dotted_folder_name_and_a_prefix_only_when_asked(app, legacy_repository):
    def identifiers(prefix: str | None) -> dict[str, str]:
        report = import_repository(app, str(legacy_repository), prefix=prefix, dry_run=True)
        return {e.folder: e.identifier for e in report.examples if e.folder.startswith(("org.", "c/"))}

    assert identifiers(None) == {
        "c/matrix_trace": "c.matrix_trace",
        "org.course.c/org.course.c.reverse": "org.course.c.reverse",
    }
    assert identifiers("sciprog") == {
        "c/matrix_trace": "sciprog.c.matrix_trace",
        "org.course.c/org.course.c.reverse": "sciprog.org.course.c.reverse",
    }
    # A prefix the folder name starts with already is not repeated.
    assert identifiers("org.course") == {
        "c/matrix_trace": "org.course.c.matrix_trace",
        "org.course.c/org.course.c.reverse": "org.course.c.reverse",
    }
    report = import_repository(app, str(legacy_repository), prefix="sciprog", dry_run=True)
    reverse = next(e for e in report.examples if e.folder == "org.course.c/org.course.c.reverse")
    assert reverse.guessed["identifier"] == (
        "the folder name org.course.c.reverse (a dotted identifier already) after --prefix sciprog"
    )


def test_stored_versions_keep_every_file_and_declare_nothing_held_back(app, legacy_repository):
    report = import_repository(app, str(legacy_repository))

    assert report.ok and {e.status for e in report.examples} == {"imported"}
    for example in report.examples:
        stored = app.storage.read_version(example.identifier, "1.0")
        # Nothing is lost: the folder's files as they were, with the generated meta.yaml besides.
        assert stored.keys() - {META_FILE} == EXERCISES[example.folder].keys(), example.folder
        properties = yaml.safe_load(stored[META_FILE])["properties"]
        declared = {
            path
            for key in ("studentSubmissionFiles", "studentTemplates", "additionalFiles", "testFiles")
            for path in properties[key]
        }
        assert declared.isdisjoint(LEFT_OUT[example.folder]), example.folder
        # The stored version's student view is the one the dry run showed.
        view = student_files(stored, folder=example.folder)
        assert sorted(view.files) == STUDENT_VIEW[example.folder][0]
        assert view.notes == []


def test_folders_sharing_a_dotted_name_are_told_apart_by_their_paths(app, legacy_repository):
    old = legacy_repository / "archive2023" / "org.course.c.reverse"
    old.mkdir(parents=True)
    (old / "reverse.c").write_text("void reverse(char *s) { /* 2023 */ }\n")

    report = import_repository(app, str(legacy_repository))

    assert report.ok
    reverses = {e.folder: (e.identifier, e.status) for e in report.examples if e.folder.endswith("c.reverse")}
    assert reverses == {
        "archive2023/org.course.c.reverse": ("archive2023.org.course.c.reverse", "imported"),
        "org.course.c/org.course.c.reverse": ("org.course.c.org.course.c.reverse", "imported"),
    }
    archived = next(e for e in report.examples if e.folder.startswith("archive2023/"))
    assert archived.guessed["identifier"] == (
        "the folder path archive2023/org.course.c.reverse (other folders are named org.course.c.reverse too)"
    )
    assert archived.generated_meta["title"] == "Reverse"
