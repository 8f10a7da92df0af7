"""Adopting a course's existing folders in place: tracking files with the files as they are,
library meta.yaml where a folder had none, one commit, database rows and history, traditional
content left alone and listed, and nothing written on a dry run or on bad input."""

import json
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import Assignment, CourseContent, Deployment, DeploymentEvent
from exlib_assets.core.deployments.consistency import compare_course
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.meta_annotation import MARKER
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.deployments.tracking import DEPLOYED_INDEX, TRACKING_FILE, Tracking
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.manifest import file_sha256
from exlib_assets.core.migrate.adopter import adopt_course
from exlib_assets.core.migrate.importer import import_repository
from exlib_assets.core.migrate.inference import GENERATED_HEADER
from exlib_assets_tests.core.migrate.conftest import ASSIGNMENTS
from exlib_assets_tests.core.migrate.existing_course import COURSE_ONLY, FILES, IMPORTED, WITH_META
from exlib_assets_tests.repositories import clone, commit_count

EXISTING = FILES | COURSE_ONLY


def repository_files(app, branch: str = "main") -> dict[str, bytes]:
    """Every file on `branch` of the course's assignments repository, by path."""
    copy = clone(app.git_host.push_url(ASSIGNMENTS), Path(tempfile.mkdtemp()) / "copy")
    return {
        p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("*") if p.is_file() and ".git" not in p.parts
    }


def database_rows(app) -> dict[str, tuple]:
    """Per content path: (assignment, deployed version, status, digest, commit) of course prog1."""
    with app.db.session() as session:
        course = courses.require_course(session, "prog1")
        rows = {}
        for content in courses.contents_under(session, course):
            row = content.deployment
            rows[content.path] = (
                f"{content.assignment.example.identifier}@{content.assignment.version_constraint}"
                if content.assignment
                else None,
                row.example_version.tag if row and row.example_version else None,
                row.status if row else None,
                row.digest if row else None,
                row.commit_sha if row else None,
            )
        return rows


def test_adopt_links_every_imported_folder_without_changing_a_byte(app, existing_course, imported):
    report = adopt_course(app, existing_course, actor="lecturer")

    assert [(a.folder, a.example, a.version, a.constraint, a.added_meta) for a in report.adopted] == [
        (
            folder,
            identifier,
            "2.0" if folder == "week2/palindrome" else "1.0",
            "^2.0" if folder == "week2/palindrome" else "^1.0",
            folder not in WITH_META,
        )
        for folder, identifier in IMPORTED.items()
    ]
    after = repository_files(app)
    # Every file the course had is still there, byte for byte.
    assert {path: after[path] for path in EXISTING} == {path: text.encode() for path, text in EXISTING.items()}
    added = sorted(set(after) - set(EXISTING))
    assert added == sorted(
        [DEPLOYED_INDEX, ".course-metadata/deployment-history.json"]
        + [f"{folder}/{TRACKING_FILE}" for folder in IMPORTED]
        + [f"{folder}/meta.yaml" for folder in IMPORTED if folder not in WITH_META]
    )
    assert commit_count(app.git_host.push_url(ASSIGNMENTS)) == 3  # existing, course-only, adoption


def test_tracking_files_record_the_files_as_they_are(app, existing_course, imported):
    adopt_course(app, existing_course)
    after = repository_files(app)
    versions = {example.folder: example for example in imported.examples}

    kept = Tracking.from_json(after[f"week1/strings_util/{TRACKING_FILE}"].decode())
    assert (kept.example_id, kept.example_version, kept.digest, kept.content_path) == (
        "prog1.py.strings_util",
        "1.0",
        versions["week1/strings_util"].digest,
        "week1.strings_util",
    )
    own = {
        p.removeprefix("week1/strings_util/"): data for p, data in after.items() if p.startswith("week1/strings_util/")
    }
    assert kept.files == {p: file_sha256(data) for p, data in own.items() if p != TRACKING_FILE}
    # Its meta.yaml stays as its author wrote it: no deployment block appended.
    assert after["week1/strings_util/meta.yaml"] == FILES["week1/strings_util/meta.yaml"].encode()

    generated = after["week2/caesar/meta.yaml"]
    assert generated.startswith(GENERATED_HEADER) and MARKER in generated
    assert b"coursePath: week2.caesar" in generated
    caesar = Tracking.from_json(after[f"week2/caesar/{TRACKING_FILE}"].decode())
    assert caesar.files["meta.yaml"] == file_sha256(generated)

    # The declared dependency is linked to where it sits in the course, as a deploy links it.
    palindrome = Tracking.from_json(after[f"week2/palindrome/{TRACKING_FILE}"].decode())
    assert [(d.identifier, d.version, d.deployed_path) for d in palindrome.dependencies] == [
        ("prog1.py.strings_util", "1.0", "week1/strings_util")
    ]
    index = json.loads(after[DEPLOYED_INDEX])
    assert sorted(d["filesystem_path"] for d in index["deployments"]) == sorted(IMPORTED)


def test_the_database_records_contents_assignments_deployments_and_history(app, existing_course, imported):
    report = adopt_course(app, existing_course, actor="lecturer")

    rows = database_rows(app)
    digests = {example.folder: example.digest for example in imported.examples}
    for folder, identifier in IMPORTED.items():
        version = "2.0" if folder == "week2/palindrome" else "1.0"
        path = folder.replace("/", ".")
        assert rows[path] == (f"{identifier}@^{version}", version, "deployed", digests[folder], report.commit)
    # Traditional content gets a content (so templates ship its .studentfiles), but no assignment.
    assert rows["week5.exam"] == (None, None, None, None, None)
    assert set(rows) == {path.replace("/", ".") for path in IMPORTED} | {
        "week1",
        "week2",
        "week3",
        "week4",
        "week5",
        "week5.exam",
    }
    with app.db.session() as session:
        events = session.execute(
            sa.select(
                DeploymentEvent.content_path, DeploymentEvent.event, DeploymentEvent.actor, DeploymentEvent.details
            )
        ).all()
        titles = dict(session.execute(sa.select(CourseContent.path, CourseContent.title)).all())
    adopted = sorted(path.replace("/", ".") for path in IMPORTED)
    # Each adopted folder: its assignment, then its deployment, both by the lecturer.
    assert sorted(path for path, event, *_ in events if event == "assigned") == adopted
    deployed = [(path, actor, details["purpose"]) for path, event, actor, details in events if event == "deployed"]
    assert sorted(deployed) == [(path, "lecturer", "adopt") for path in adopted]
    assert {event for _, event, *_ in events} == {"assigned", "deployed"}
    assert (titles["week2.caesar"], titles["week1.strings_util"], titles["week5.exam"]) == (
        "Caesar cipher",
        "String utilities",
        "Exam",
    )
    assert compare_course(app, existing_course).ok


def test_folders_matching_nothing_stay_traditional_and_are_listed(app, existing_course, imported):
    report = adopt_course(app, existing_course)

    assert [(t.folder, t.path) for t in report.traditional] == [("Bonus-Tasks", None), ("week5/exam", "week5.exam")]
    assert "rename the folder" in report.traditional[0].reason
    assert report.traditional[1].reason == "its files match no version in the library (not imported, or changed since)"


def test_deploying_after_adopting_changes_nothing(app, existing_course, imported):
    adopt_course(app, existing_course)
    before = commit_count(app.git_host.push_url(ASSIGNMENTS))

    report = deploy_course(app, DeployRequest.deploy(existing_course))

    assert {outcome.status for outcome in report.outcomes} == {"unchanged"}
    assert report.commit is None and commit_count(app.git_host.push_url(ASSIGNMENTS)) == before


def test_adopting_again_changes_nothing(app, existing_course, imported):
    adopt_course(app, existing_course)
    rows, before = database_rows(app), commit_count(app.git_host.push_url(ASSIGNMENTS))

    again = adopt_course(app, existing_course)

    assert again.adopted == [] and again.commit is None
    assert again.from_library == sorted(IMPORTED)
    assert database_rows(app) == rows and commit_count(app.git_host.push_url(ASSIGNMENTS)) == before


def test_a_dry_run_writes_nothing(app, existing_course, imported):
    preview = adopt_course(app, existing_course, dry_run=True)

    assert len(preview.adopted) == len(IMPORTED) and preview.commit is None
    assert commit_count(app.git_host.push_url(ASSIGNMENTS)) == 2
    with app.db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(CourseContent)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 0


def test_pin_assigns_exactly_the_adopted_version(app, existing_course, imported):
    adopt_course(app, existing_course, under="week2", pin=True)

    with app.db.session() as session:
        wishes = dict(
            session.execute(sa.select(CourseContent.path, Assignment.version_constraint).join(Assignment)).all()
        )
    assert wishes == {"week2.caesar": "1.0", "week2.palindrome": "2.0", "week2.r_helpers": "1.0", "week2.stats": "1.0"}


def test_palindrome_without_its_dependency_is_adopted_with_a_warning(app, existing_course, imported):
    report = adopt_course(app, existing_course, under="week2/palindrome")

    [adopted] = report.adopted
    assert adopted.dependency_problem == (
        "dependency prog1.py.strings_util is not assigned anywhere in course prog1; assign it "
        "(`exlib assign prog1 PATH prog1.py.strings_util`) or deploy with dependencies to place it alongside"
    )


def test_a_content_assigned_another_example_is_not_adopted(app, existing_course, imported):
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.require_course(session, "prog1")
        courses.assign(session, library, courses.add_content(session, course, "week2.caesar"), "prog1.week2.stats")

    report = adopt_course(app, existing_course, under="week2/caesar")

    assert report.adopted == [] and [t.folder for t in report.traditional] == ["week2/caesar"]
    assert "is assigned prog1.week2.stats" in report.traditional[0].reason


def test_bad_requests_write_nothing(app, existing_course, imported):
    with pytest.raises(NotFoundError, match="exlib course create prog2"):
        adopt_course(app, "prog2")
    with pytest.raises(ExlibError, match=r"--under '\.\./x' must be a folder inside the repository"):
        adopt_course(app, existing_course, under="../x")
    with pytest.raises(NotFoundError, match="has no folder week9"):
        adopt_course(app, existing_course, under="week9")
    assert commit_count(app.git_host.push_url(ASSIGNMENTS)) == 2
    assert database_rows(app) == {}


def test_an_empty_repository_says_to_push_the_course_first(app, imported):
    with app.db.session() as session:
        courses.create_course(session, app.git_host, "prog1")

    with pytest.raises(ExlibError, match=r"is empty: push the course's existing repository into it first"):
        adopt_course(app, "prog1")


def test_traditional_content_moves_into_the_library_later(app, existing_course, imported):
    adopt_course(app, existing_course)
    course_repository = app.git_host.push_url(ASSIGNMENTS)

    # Importing the course's own repository now skips what came from the library.
    later = import_repository(app, course_repository, under="week5", prefix="prog1")
    everything = import_repository(app, course_repository, prefix="prog1", dry_run=True)
    again = adopt_course(app, existing_course)

    assert [(e.folder, e.identifier, e.status) for e in later.examples] == [
        ("week5/exam", "prog1.week5.exam", "imported")
    ]
    assert everything.from_library == sorted(IMPORTED)
    assert [e.folder for e in everything.examples] == ["Bonus-Tasks", "week5/exam"]
    assert [(a.path, a.example) for a in again.adopted] == [("week5.exam", "prog1.week5.exam")]
    assert [t.folder for t in again.traditional] == ["Bonus-Tasks"]
    assert database_rows(app)["week5.exam"][:3] == ("prog1.week5.exam@^1.0", "1.0", "deployed")
    assert compare_course(app, existing_course).ok
