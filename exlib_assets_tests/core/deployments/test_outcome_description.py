"""One description of what happened at a path: the run log, the CLI table and the commit
message all read it, so they tell the same story."""

from exlib_assets.core.deployments.outcomes import PathOutcome


def test_a_new_deployment_says_what_landed_and_why_it_was_added():
    outcome = PathOutcome("week1.base", "deployed", "test.base", "1.0", added_for="week2.top")
    assert outcome.describe() == "deployed test.base@1.0: dependency of week2.top"
    assert (outcome.change, outcome.detail) == ("test.base@1.0", "dependency of week2.top")


def test_an_update_names_both_versions_and_the_lecturers_files_it_kept():
    merged = PathOutcome("week1.lesson", "merged", "test.lesson", "1.1", from_version="1.0", kept_local=["notes.txt"])
    assert merged.describe() == "merged test.lesson 1.0 -> 1.1: kept your changes to notes.txt"


def test_a_proposal_names_its_branch_and_merge_request():
    proposed = PathOutcome(
        "week1.lesson",
        "proposed",
        "test.lesson",
        "1.1",
        from_version="1.0",
        branch="exlib/update/week1.lesson/1.1",
        merge_request_url="https://gitlab.example.edu/mr/7",
        reason="1 file(s) changed both here and in the library: notes.txt (both changed the same lines)",
    )
    assert proposed.describe() == (
        "proposed test.lesson 1.0 -> 1.1 on branch exlib/update/week1.lesson/1.1 (https://gitlab.example.edu/mr/7): "
        "1 file(s) changed both here and in the library: notes.txt (both changed the same lines)"
    )


def test_a_reason_comes_first_and_local_edits_are_only_listed_without_one():
    refused = PathOutcome("week1.a", "conflict", "test.a", "1.0", reason="a/ holds local edits", local_edits=["~x"])
    assert refused.detail == "a/ holds local edits"
    edits = [f"~file{n}.py" for n in range(7)]
    kept = PathOutcome("week1.a", "unchanged", "test.a", "1.0", local_edits=edits)
    assert (
        kept.describe()
        == "unchanged test.a@1.0: customized: ~file0.py, ~file1.py, ~file2.py, ~file3.py, ~file4.py, ..."
    )
