import pytest
import yaml

from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.errors import InvalidExampleError
from exlib_assets.core.sample import SAMPLE_EXAMPLES
from exlib_assets.core.templates.leak_guard import find_leaks
from exlib_assets.core.templates.markers import MarkerError
from exlib_assets.core.templates.student_view import StudentViewError, student_files


def example(properties: dict, files: dict[str, str], **top) -> dict[str, bytes]:
    """A deployed example folder built in memory."""
    meta = {"identifier": "test.example", "version": "1.0", **top, "properties": properties}
    return {"meta.yaml": yaml.safe_dump(meta).encode()} | {path: text.encode() for path, text in files.items()}


ALWAYS_EXCLUDED = {"meta.yaml", "test.yaml", TRACKING_FILE}


@pytest.mark.parametrize(
    ("name", "shipped", "excluded"),
    [
        (
            "py_caesar",
            {"caesar.py", "data/alphabet.txt", "README.md", "README_de.md", "mediaFiles/caesar_wheel.svg", "meta.yaml"},
            {"caesar.py", "test_caesar.py", "localTests/test_local_caesar.py"},
        ),
        ("c_linked_list", {"list.c", "list.h", "Makefile", "README.md", "meta.yaml"}, {"list.c", "test_list.c"}),
        (
            "octave_vector_norm",
            {"vector_norm.m", "README.md", "mediaFiles/unit_balls.svg", "meta.yaml"},
            {"vector_norm.m", "test_vector_norm.m"},
        ),
        (
            "r_descriptive",
            {"descriptive.R", "data/input/values.csv", "README.md", "README_de.md", "meta.yaml"},
            {"descriptive.R", "test_descriptive.R"},
        ),
        ("py_grades_notebook", {"grades.ipynb", "README.md", "meta.yaml"}, {"grades.ipynb"}),
        (
            "r_heights_report",
            {"report.Rmd", "data/heights.csv", "README.md", "meta.yaml"},
            {"report.Rmd", "test_report.R"},
        ),
        (
            "py_caesar_breaker",
            {"breaker.py", "data/english_letter_freq.csv", "data/input/ciphertext.txt", "README.md", "meta.yaml"},
            {"breaker.py", "test_breaker.py", "reference/plaintext.txt"},
        ),
    ],
)
def test_sample_examples_ship_exactly_the_student_files(deployed_folder, name, shipped, excluded):
    folder = deployed_folder(name)
    view = student_files(folder, folder=f"week1/{name}")
    assert set(view.files) == shipped
    assert set(view.excluded) == excluded | ALWAYS_EXCLUDED
    assert all(view.excluded[path] == folder[path] for path in view.excluded)
    assert view.notes == []


@pytest.mark.parametrize("name", sorted(path.name for path in SAMPLE_EXAMPLES.iterdir()))
def test_no_solution_or_test_file_is_shipped(deployed_folder, name):
    folder = deployed_folder(name)
    view = student_files(folder, folder=name)
    meta = yaml.safe_load(folder["meta.yaml"])
    never = {*meta["properties"]["testFiles"], "test.yaml", TRACKING_FILE}
    for path in folder:
        if path in never or path.startswith(("localTests/", "reference/")):
            assert path in view.excluded
            assert path not in view.files
    for solution in meta["properties"]["studentSubmissionFiles"]:
        # Shipped under the solution's name, but from the template: never the solution itself.
        assert view.excluded[solution] == folder[solution]
        assert view.files[solution] != folder[solution]


def test_template_is_placed_at_the_student_path_with_markers_stripped(deployed_folder):
    folder = deployed_folder("py_caesar")
    view = student_files(folder, folder="week1/caesar")
    assert view.files["caesar.py"] == folder["studentTemplates/caesar.py"]
    assert view.files["README.md"] == folder["content/index.md"]
    assert view.files["README_de.md"] == folder["content/index_de.md"]
    assert view.files["mediaFiles/caesar_wheel.svg"] == folder["content/mediaFiles/caesar_wheel.svg"]


def test_student_meta_keeps_only_descriptive_keys(deployed_folder):
    view = student_files(deployed_folder("c_stack"), folder="week2/stack")
    meta = yaml.safe_load(view.files["meta.yaml"])
    assert "exlibDeployment" not in meta
    assert meta["identifier"] == "itpcp.pgph.c.stack"
    assert meta["version"] == "1.1"
    assert meta["content"] == {"tags": ["pointers", "realloc", "stack", "data-structures", "parsing"]}
    assert meta["properties"] == {
        "studentSubmissionFiles": ["stack.c"],
        "studentTemplates": ["stack.c"],
        "additionalFiles": ["stack.h"],
    }
    text = view.files["meta.yaml"].decode()
    for secret in ("testFiles", "test_stack.c", "testDependencies", "executionBackend", "gcc", "coursePath"):
        assert secret not in text


def test_unknown_and_legacy_keys_are_dropped():
    folder = example(
        {"studentSubmissionFiles": ["a.py"], "executionBackendSlug": "python", "hiddenThing": 1},
        {"a.py": "solution\n"},
        executionBackendSlug="python",
        testDependencies=["x.y"],
        solutionNotes="the answer is 42",
        version="1.10",
    )
    meta = yaml.safe_load(student_files(folder, folder="w/a").files["meta.yaml"])
    assert set(meta) == {"identifier", "version", "properties"}
    assert meta["version"] == "1.10"


def test_submission_file_without_template_gets_an_empty_starter():
    folder = example(
        {"studentSubmissionFiles": ["a.py", "b.py"], "studentTemplates": ["studentTemplates/a.py"]},
        {
            "a.py": "solution a\n",
            "b.py": "solution b\n",
            "studentTemplates/a.py": "# start here\n",
        },
    )
    view = student_files(folder, folder="w/ab")
    assert view.files["a.py"] == b"# start here\n"
    assert view.files["b.py"] == b""
    assert view.excluded["b.py"] == b"solution b\n"


def test_a_marked_reference_without_template_is_the_starter_stripped():
    # One source for both: the author marks the solution in the file students hand in.
    reference = (
        "def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n\n\n"
        "# BEGIN HIDDEN TESTS\nassert f() == 1\n# END HIDDEN TESTS\n"
    )
    folder = example({"studentSubmissionFiles": ["a.py", "notes.md"]}, {"a.py": reference, "notes.md": "mine\n"})

    view = student_files(folder, folder="w/a")

    assert view.files["a.py"] == b"def f():\n    pass  # TODO: your solution here\n\n\n"
    assert view.files["notes.md"] == b""  # nothing marked: the empty starter stays
    # The reference stays kept from students, so the leak guard compares the starter with it.
    assert view.excluded["a.py"] == reference.encode()
    tree = {f"w/a/{path}": data for path, data in view.files.items()}
    assert find_leaks(tree, {f"w/a/{path}": data for path, data in view.excluded.items()}) == []


def test_unbalanced_markers_in_a_reference_name_it_and_the_line():
    folder = example({"studentSubmissionFiles": ["a.py"]}, {"a.py": "x = 1\n# BEGIN SOLUTION\ny = 2\n"})
    with pytest.raises(MarkerError, match=r"^w/a/a\.py, line 2: `BEGIN SOLUTION` is never closed"):
        student_files(folder, folder="w/a")


def test_nested_templates_with_the_same_basename_are_both_kept():
    folder = example(
        {
            "studentSubmissionFiles": ["src/util.py", "tests/util.py"],
            "studentTemplates": ["studentTemplates/src/util.py", "studentTemplates/tests/util.py"],
            "additionalFiles": ["data/deep/nested/input.txt"],
        },
        {
            "studentTemplates/src/util.py": "# src\n",
            "studentTemplates/tests/util.py": "# tests\n",
            "data/deep/nested/input.txt": "1 2 3\n",
        },
    )
    view = student_files(folder, folder="w/u")
    assert view.files["src/util.py"] == b"# src\n"
    assert view.files["tests/util.py"] == b"# tests\n"
    assert view.files["data/deep/nested/input.txt"] == b"1 2 3\n"


def test_templates_landing_on_the_same_path_are_an_error_naming_both():
    folder = example(
        {"studentTemplates": ["studentTemplates/util.py", "util.py"]},
        {"studentTemplates/util.py": "# one\n", "util.py": "# two\n"},
    )
    with pytest.raises(StudentViewError, match="w/u: .*'util.py'.*'studentTemplates/util.py'.*'util.py'"):
        student_files(folder, folder="w/u")


def test_a_file_that_is_both_additional_and_test_or_solution_is_excluded_with_a_note():
    folder = example(
        {
            "studentSubmissionFiles": ["a.py"],
            "additionalFiles": ["a.py", "check.py", "localTests/helper.py", "data.txt"],
            "testFiles": ["check.py"],
        },
        {"a.py": "solution\n", "check.py": "assert True\n", "localTests/helper.py": "x\n", "data.txt": "1\n"},
    )
    view = student_files(folder, folder="w/a")
    assert view.files["a.py"] == b""
    assert "check.py" not in view.files
    assert "localTests/helper.py" not in view.files
    assert view.files["data.txt"] == b"1\n"
    assert {"a.py", "check.py", "localTests/helper.py"} <= set(view.excluded)
    assert len(view.notes) == 3
    assert all("left out of the student template" in note for note in view.notes)
    assert yaml.safe_load(view.files["meta.yaml"])["properties"]["additionalFiles"] == ["data.txt"]


def test_folder_entries_are_expanded():
    folder = example(
        {"studentTemplates": ["studentTemplates"], "additionalFiles": ["data"], "testFiles": ["hidden"]},
        {"studentTemplates/x.py": "# x\n", "data/a.csv": "a\n", "data/b/c.csv": "c\n", "hidden/t.py": "t\n"},
    )
    view = student_files(folder, folder="w/f")
    assert set(view.files) == {"x.py", "data/a.csv", "data/b/c.csv", "meta.yaml"}
    assert "hidden/t.py" in view.excluded


def test_shipped_files_have_marker_regions_stripped():
    folder = example(
        {"studentTemplates": ["studentTemplates/a.py"], "additionalFiles": ["helper.c"]},
        {
            "studentTemplates/a.py": "def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n",
            "helper.c": "int g(void)\n{\n    /* BEGIN SOLUTION */\n    return 2;\n    /* END SOLUTION */\n}\n",
            "content/index.md": "Task\n<!-- hint -->\n",
        },
    )
    view = student_files(folder, folder="w/a")
    assert view.files["a.py"] == b"def f():\n    pass  # TODO: your solution here\n"
    assert view.files["helper.c"] == b"int g(void)\n{\n    /* TODO: your solution here */\n}\n"


def test_missing_files_are_noted_not_fatal():
    folder = example(
        {"studentSubmissionFiles": ["a.py"], "studentTemplates": ["studentTemplates/a.py"], "additionalFiles": ["d"]},
        {},
    )
    view = student_files(folder, folder="w/a")
    assert view.files["a.py"] == b""
    assert len(view.notes) == 3
    assert any("properties.additionalFiles: d" in note for note in view.notes)


def test_unlisted_files_and_other_content_stay_behind():
    folder = example({}, {"notes.txt": "x\n", "content/solution.md": "answer\n", "content/index_pt-BR.md": "oi\n"})
    view = student_files(folder, folder="w/a")
    # README.md too: repository browsers show it for the folder.
    assert set(view.files) == {"README.md", "README_pt-BR.md", "meta.yaml"}
    assert {"notes.txt", "content/solution.md", "meta.yaml"} <= set(view.excluded)


def test_folder_without_meta_yaml_is_an_error():
    with pytest.raises(StudentViewError, match="w/a/ has no meta.yaml"):
        student_files({"a.py": b""}, folder="w/a")


@pytest.mark.parametrize(
    ("top", "expected"),
    [({"language": "en"}, b"# Hello\n"), ({"language": "fr"}, b"# Hallo\n"), ({}, b"# Hallo\n")],
    ids=["meta-language", "language-without-text", "no-language"],
)
def test_readme_from_a_translation_when_there_is_no_index_md(top, expected):
    folder = example({}, {"content/index_en.md": "# Hello\n", "content/index_de.md": "# Hallo\n"}, **top)

    view = student_files(folder, folder="w/a")

    assert view.files["README.md"] == expected
    assert (view.files["README_de.md"], view.files["README_en.md"]) == (b"# Hallo\n", b"# Hello\n")


def test_the_courses_language_picks_the_readme_before_the_examples_own():
    folder = example({}, {"content/index_en.md": "# Hello\n", "content/index_de.md": "# Hallo\n"}, language="en")

    assert student_files(folder, folder="w/a", course_language="de").files["README.md"] == b"# Hallo\n"
    # A course language the example has no text in falls back to the example's own language.
    assert student_files(folder, folder="w/a", course_language="fr").files["README.md"] == b"# Hello\n"


def test_index_md_stays_the_readme_beside_translations():
    folder = example({}, {"content/index.md": "# Main\n", "content/index_en.md": "# Hello\n"}, language="en")
    assert student_files(folder, folder="w/a").files["README.md"] == b"# Main\n"


def test_identity_from_the_tracking_file_needs_no_identifier_in_meta_yaml():
    folder = {"meta.yaml": yaml.safe_dump({"version": "1.0", "properties": {}}).encode()}
    with pytest.raises(InvalidExampleError, match="the folder name 'week3/stack' cannot stand in"):
        student_files(folder, folder="week3/stack")
    assert student_files(folder, folder="week3/stack", identifier="stack").files["meta.yaml"]
