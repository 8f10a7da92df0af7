"""`exlib template` and `exlib course set`: the student template from the command line."""

import json
from pathlib import Path

import dagster as dg
import pytest

from exlib_assets.defs.templates.assets import student_templates
from exlib_assets_tests.repositories import git, push_change, tree_files
from exlib_assets_tests.stranger_library import anonymous_example, translated_example


@pytest.fixture
def prog1(run, make_example):
    assert run("db", "upgrade").exit_code == 0
    run("library", "import", str(make_example("caesar")), str(make_example("shout")))
    run("course", "create", "prog1")
    for week, name in (("week1", "caesar"), ("week2", "shout")):
        run("course", "add-content", "prog1", f"{week}.{name}")
        run("assign", "prog1", f"{week}.{name}", f"test.{name}")
    assert run("deploy", "prog1").exit_code == 0
    return "prog1"


def template_files(settings) -> list[str]:
    return tree_files(str(Path(settings.git_url) / "prog1-student-template.git"))


def test_template_is_a_materialization_on_the_shared_instance(run, prog1, settings):
    preview = run("template", prog1, "--dry-run", "--json")
    assert preview.exit_code == 0, preview.output
    assert "week1/caesar/solution.py" in json.loads(preview.stdout)["written"] and template_files(settings) == []

    result = run("template", prog1, "--only", "week1", "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [c["path"] for c in report["included"]] == ["week1.caesar"] and report["commit"]
    files = template_files(settings)
    assert files == ["README.md", "week1/caesar/meta.yaml", "week1/caesar/solution.py"]
    bare = Path(settings.git_url) / "prog1-student-template.git"
    assert (
        git("show", "main:week1/caesar/solution.py", cwd=bare) == "# TODO\n"
    )  # the template, not "# solution of caesar"
    with dg.DagsterInstance.from_config(str(settings.home / "dagster")) as instance:
        assert instance.get_run_by_id(report["run_id"]).is_success
        assert instance.get_materialized_partitions(student_templates.key) == {"prog1"}

    again = run("template", prog1)
    assert again.exit_code == 0 and "no commit (nothing changed)" in again.output


def test_unknown_course_or_release_path_is_refused(run, prog1, settings):
    unknown = run("template", "prog9")
    bad_path = run("template", prog1, "--only", "week9")
    both = run("template", prog1, "--only", "week1", "--all")

    assert unknown.exit_code == 1 and "course 'prog9' does not exist" in unknown.output
    assert bad_path.exit_code == 1 and "has no content 'week9'" in bad_path.output
    assert both.exit_code == 2 and "either --only" in both.output
    assert template_files(settings) == []


def test_course_set_template_policy(run, prog1):
    result = run("course", "set", prog1, "--template-policy", "auto")

    assert result.exit_code == 0 and "template policy auto" in result.output
    assert run("course", "set", prog1, "--template-policy", "sometimes").exit_code == 2


def test_an_example_without_identifier_is_released_with_the_rest(run, prog1, settings, tmp_path):
    # Imported under its folder name, deployed at a course path that is no identifier.
    assert run("library", "import", str(anonymous_example(tmp_path / "stranger"))).exit_code == 0
    run("course", "add-content", prog1, "week3.stack")
    assert run("assign", prog1, "week3.stack", "stack").exit_code == 0
    assert run("deploy", prog1).exit_code == 0

    result = run("template", prog1, "--json")

    assert result.exit_code == 0, result.output
    assert [c["path"] for c in json.loads(result.stdout)["included"]] == ["week1.caesar", "week2.shout", "week3.stack"]
    assert "week3/stack/stack.py" in template_files(settings)


def test_a_held_back_content_is_named_and_the_exit_code_is_1(run, prog1, settings, tmp_path):
    assert run("template", prog1).exit_code == 0

    def unbalance(clone: Path) -> None:
        (clone / "week2/shout/studentTemplates/solution.py").write_text("# END SOLUTION\n")
        (clone / "week1/caesar/studentTemplates/solution.py").write_text("# TODO, now with a hint\n")

    push_change(str(Path(settings.git_url) / "prog1-assignments.git"), tmp_path, unbalance)
    result = run("template", prog1)

    assert result.exit_code == 1
    assert "1 content(s) held back (the rest was released)" in result.stderr
    assert "week2.shout (its last released files kept):" in result.stderr
    assert "week2/shout/studentTemplates/solution.py, line 1: `END SOLUTION` has no `BEGIN SOLUTION`" in result.stderr
    bare = Path(settings.git_url) / "prog1-student-template.git"
    assert git("show", "main:week1/caesar/solution.py", cwd=bare) == "# TODO, now with a hint\n"
    assert git("show", "main:week2/shout/solution.py", cwd=bare) == "# TODO\n"


def test_the_courses_language_picks_each_contents_readme(run, prog1, settings, tmp_path):
    greet = translated_example(tmp_path / "stranger", languages={"en": "# Greet\n", "de": "# Grüßen\n"}, language="en")
    assert run("library", "import", str(greet)).exit_code == 0
    run("course", "add-content", prog1, "week3.greet")
    assert run("assign", prog1, "week3.greet", "stranger.greet").exit_code == 0
    assert run("deploy", prog1).exit_code == 0

    refused = run("course", "set", prog1, "--language", "../de")
    assert refused.exit_code == 1 and "is not a language code" in refused.output
    assert run("course", "set", prog1, "--language", "de").exit_code == 0
    assert run("template", prog1).exit_code == 0

    readme = git("show", "main:week3/greet/README.md", cwd=Path(settings.git_url) / "prog1-student-template.git")
    assert readme == "# Grüßen\n"  # the course's language, not the example's own (en)
