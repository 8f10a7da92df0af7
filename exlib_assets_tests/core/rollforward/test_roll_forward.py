"""Next semester: a course synced from a library source, edited by its lecturer, rolled forward."""

from pathlib import Path

import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.analytics.report import build_report
from exlib_assets.core.app import App
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.library_sources import add_source, sync_source
from exlib_assets.core.rollforward import course_family, roll_forward
from exlib_assets_tests.repositories import clone, git, push_change
from exlib_assets_tests.source_repository import SourceRepository

NOTES = "".join(f"line {n}\n" for n in range(1, 11))


@pytest.fixture
def library(app: App, tmp_path: Path) -> SourceRepository:
    """A source repository with two examples, synced into the library."""
    source = SourceRepository(tmp_path / "sources")
    source.examples("caesar", version="1.0", parent=source.work / "crypto", files={"notes.txt": NOTES})
    source.examples("vigenere", version="1.0", parent=source.work / "crypto")
    source.push("two examples")
    add_source(app, "algos", str(source.bare))
    assert sync_source(app, "algos").ok
    return source


@pytest.fixture
def semester(app: App, library: SourceRepository) -> str:
    """Course prog1_2025 deploying both, with policies and a release selection of its own."""
    with app.db.session() as session:
        lib = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1_2025", "Programming 1, 2025")
        course.update_policy, course.template_policy, course.released_paths = "propose", "auto", ["week1"]
        courses.assign(session, lib, courses.add_content(session, course, "week1.caesar", "Caesar"), "test.caesar")
        courses.assign(session, lib, courses.add_content(session, course, "week2.vigenere"), "test.vigenere", "^1.0")
    assert deploy_course(app, DeployRequest.deploy("prog1_2025")).ok
    return "prog1_2025"


def assignments(app: App, slug: str) -> str:
    return app.git_host.push_url(f"{slug}-assignments")


def edit_caesar(app: App, tmp_path: Path, line: int, text: str) -> None:
    def change(copy: Path) -> None:
        notes = copy / "week1" / "caesar" / "notes.txt"
        notes.write_text(notes.read_text().replace(f"line {line}\n", f"{text}\n"))

    push_change(assignments(app, "prog1_2025"), tmp_path, change)


def release_caesar_1_1(library: SourceRepository, line: int, text: str) -> None:
    folder = library.work / "crypto" / "caesar"
    library.examples(
        "caesar",
        version="1.1",
        parent=library.work / "crypto",
        files={"notes.txt": (folder / "notes.txt").read_text().replace(f"line {line}\n", f"{text}\n")},
    )
    library.push("caesar 1.1")


def read_notes(app: App, slug: str, tmp_path: Path, name: str) -> str:
    copy = clone(assignments(app, slug), tmp_path / name)
    return (copy / "week1" / "caesar" / "notes.txt").read_text()


def test_keep_copies_tree_wishes_policies_and_held_versions_in_one_commit(app, library, semester, tmp_path) -> None:
    release_caesar_1_1(library, 9, "line 9 from the library")
    assert sync_source(app, "algos").ok

    report = roll_forward(app, semester, "prog1_2026", versions="keep")

    assert {(e["path"], e["version"], e["status"]) for e in report.contents} == {
        ("week1.caesar", "1.0", "deployed"),
        ("week2.vigenere", "1.0", "deployed"),
    }
    assert git("rev-list", "--count", "main", cwd=Path(assignments(app, "prog1_2026"))).strip() == "1"
    with app.db.session() as session:
        course = courses.require_course(session, "prog1_2026")
        assert (course.title, course.update_policy, course.template_policy, course.released_paths) == (
            "Programming 1, 2025",
            "propose",
            "auto",
            ["week1"],
        )
        assert course.rolled_from.slug == semester
        wishes = {
            c.path: (c.assignment.example.identifier, c.assignment.version_constraint)
            for c in course.contents
            if c.assignment
        }
        assert wishes == {"week1.caesar": ("test.caesar", "latest"), "week2.vigenere": ("test.vigenere", "^1.0")}
        family = course_family(session, "prog1_2026")
    assert [member["slug"] for member in family] == ["prog1_2025", "prog1_2026"]
    assert family[1]["rolled_from"] == "prog1_2025"
    assert {(e["example"], e["version"]) for e in family[0]["examples"]} == {
        ("test.caesar", "1.0"),
        ("test.vigenere", "1.0"),
    }


def test_latest_deploys_the_newest_each_constraint_allows(app, library, semester) -> None:
    release_caesar_1_1(library, 9, "line 9 from the library")
    assert sync_source(app, "algos").ok

    report = roll_forward(app, semester, "prog1_2026", versions="latest")

    assert {(e["path"], e["version"]) for e in report.contents} == {("week1.caesar", "1.1"), ("week2.vigenere", "1.0")}


def test_edits_are_carried_and_merged_with_the_newer_version(app, library, semester, tmp_path) -> None:
    edit_caesar(app, tmp_path, 2, "line 2 as the lecturer wants it")
    release_caesar_1_1(library, 9, "line 9 from the library")
    library.examples("vigenere", version="1.1", parent=library.work / "crypto", files={"solution.py": "# 1.1\n"})
    library.push("vigenere 1.1")
    assert sync_source(app, "algos").ok

    preview = roll_forward(app, semester, "prog1_2026", versions="latest", carry_customizations=True, dry_run=True)
    assert preview.carried == [{"path": "week1.caesar", "changes": ["~notes.txt"]}]
    report = roll_forward(app, semester, "prog1_2026", versions="latest", carry_customizations=True)

    assert report.carried == [{"path": "week1.caesar", "changes": ["~notes.txt"]}]
    assert report.carry_commit is not None
    # Only the edited content waits for the merge; the others get their newest in the first commit.
    assert {(e["path"], e["version"]) for e in report.contents} == {("week1.caesar", "1.0"), ("week2.vigenere", "1.1")}
    with pytest.raises(ExlibError, match="already rolled forward from 'prog1_2025'.*exlib deploy prog1_2026"):
        roll_forward(app, semester, "prog1_2026", carry_customizations=True)
    assert [(e["path"], e["version"], e["status"], e["branch"]) for e in report.merged] == [
        ("week1.caesar", "1.1", "merged", None)
    ]
    notes = read_notes(app, "prog1_2026", tmp_path, "new")
    assert "line 2 as the lecturer wants it\n" in notes
    assert "line 9 from the library\n" in notes
    assert read_notes(app, semester, tmp_path, "old").count("from the library") == 0


def test_keep_with_edits_holds_the_same_version_customized_as_before(app, library, semester, tmp_path) -> None:
    edit_caesar(app, tmp_path, 2, "line 2 as the lecturer wants it")

    report = roll_forward(app, semester, "prog1_2026", versions="keep", carry_customizations=True)

    assert report.merged == [] and report.merge_commit is None
    assert read_notes(app, "prog1_2026", tmp_path, "new") == read_notes(app, semester, tmp_path, "old")
    with app.db.session() as session:
        [caesar] = [c for c in courses.require_course(session, "prog1_2026").contents if c.path == "week1.caesar"]
        assert (caesar.deployment.example_version.tag, caesar.deployment.customized_files) == ("1.0", ["~notes.txt"])


def test_a_conflict_becomes_a_proposal_and_main_stays_whole(app, library, semester, tmp_path) -> None:
    edit_caesar(app, tmp_path, 5, "line 5 by the lecturer")
    release_caesar_1_1(library, 5, "line 5 by the library")
    assert sync_source(app, "algos").ok

    report = roll_forward(app, semester, "prog1_2026", versions="latest", carry_customizations=True)

    [merged] = report.merged
    assert merged["status"] == "proposed" and merged["branch"]
    notes = read_notes(app, "prog1_2026", tmp_path, "new")
    assert "<<<<<<<" not in notes
    assert "line 5 by the lecturer\n" in notes  # main keeps the carried edit on the version it was made on


def test_bad_input_writes_nothing(app, library, semester) -> None:
    with pytest.raises(ExlibError, match="exists already"):
        roll_forward(app, semester, semester)
    with pytest.raises(ExlibError, match="unknown --versions"):
        roll_forward(app, semester, "prog1_2026", versions="newest")
    with pytest.raises(ExlibError, match="does not exist"):
        roll_forward(app, "nope", "prog1_2026")
    preview = roll_forward(app, semester, "prog1_2026", dry_run=True)
    assert {e["path"] for e in preview.contents} == {"week1.caesar", "week2.vigenere"}
    with app.db.session() as session:
        assert courses.find_course(session, "prog1_2026") is None
    assert not Path(assignments(app, "prog1_2026")).exists()


def test_the_analytics_show_the_family(app, library, semester) -> None:
    roll_forward(app, semester, "prog1_2026")

    status = build_report(app).course_status.set_index("course")

    assert status.loc["prog1_2026", "rolled_from"] == "prog1_2025"
    assert status.loc["prog1_2025", "rolled_from"] is None
    assert status.loc["prog1_2026", "deployed"] == 2
