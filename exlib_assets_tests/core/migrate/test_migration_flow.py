"""The whole migration of an existing course, on the embedded default and on PostgreSQL + S3:
import its repository, adopt its folders in place, then live with it through the normal flow.
A newer version reaches the folder that did not change, a lecturer's edits are detected and
kept (merged with a new version where there is one), traditional folders are left alone, and
the student template holds both kinds of content. Nothing is lost on the way."""

import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from exlib_assets.core.db.models import DeploymentEvent
from exlib_assets.core.deployments.consistency import compare_course
from exlib_assets.core.deployments.meta_annotation import MARKER
from exlib_assets.core.deployments.tracking import TRACKING_FILE, Tracking
from exlib_assets.core.migrate.adopter import adopt_course
from exlib_assets.core.migrate.importer import import_repository
from exlib_assets.core.templates.builder import build_template
from exlib_assets.core.templates.markers import strip_markers
from exlib_assets.core.updates.scan import scan_course
from exlib_assets.core.updates.updater import update_course
from exlib_assets_tests.core.migrate.conftest import ASSIGNMENTS
from exlib_assets_tests.core.migrate.existing_course import COURSE_ONLY, FILES, commit_all, write_files
from exlib_assets_tests.lesson_course import deployment
from exlib_assets_tests.repositories import clone, push_change

CAESAR_1_1 = FILES["week2/caesar/caesar.py"] + "\n\ndef decrypt(text, shift):\n    return encrypt(text, -shift)\n"
STRINGS_UTIL_1_1 = FILES["week1/strings_util/strings_util.py"] + "\n\ndef is_vowel(c):\n    return c in 'aeiou'\n"
HELLO_EDITED = FILES["week1/hello_world/hello.py"].replace('f"Hello, {name}!"', 'f"Hello there, {name}!"')
TEST_EDITED = FILES["week1/strings_util/test_strings_util.py"] + "assert shift_letter('z', 1) == 'a'\n"


def course_files(app) -> dict[str, bytes]:
    copy = clone(app.git_host.push_url(ASSIGNMENTS), Path(tempfile.mkdtemp()) / "copy")
    return {
        p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("*") if p.is_file() and ".git" not in p.parts
    }


@pytest.fixture
def adopted_course(app, existing_course, imported, tmp_path):
    """prog1 adopted; then the lecturer edits hello.py and a strings_util test in the course."""
    adopt_course(app, existing_course, actor="lecturer")

    def edit(repo: Path) -> None:
        (repo / "week1/hello_world/hello.py").write_text(HELLO_EDITED)
        (repo / "week1/strings_util/test_strings_util.py").write_text(TEST_EDITED)

    push_change(app.git_host.push_url(ASSIGNMENTS), tmp_path, edit, "My own touches")
    return existing_course


@pytest.fixture
def newer_versions(app, existing_repository):
    """The maintainers improve caesar (no meta.yaml: import makes it 1.1) and strings_util (1.1)."""
    meta = FILES["week1/strings_util/meta.yaml"].replace('version: "1.0"', 'version: "1.1"')
    write_files(
        existing_repository,
        {
            "week2/caesar/caesar.py": CAESAR_1_1,
            "week1/strings_util/strings_util.py": STRINGS_UTIL_1_1,
            "week1/strings_util/meta.yaml": meta,
        },
    )
    commit_all(existing_repository, "Improve caesar and strings_util")
    report = import_repository(app, str(existing_repository), prefix="prog1")
    changed = {
        e.folder: (e.status, e.version, e.guessed.get("version")) for e in report.examples if e.status != "unchanged"
    }
    assert changed == {
        "week1/strings_util": ("imported", "1.1", None),
        "week2/caesar": ("imported", "1.1", "the library holds 1.0 with other content; the next version"),
    }


def test_update_after_adopting_brings_new_versions_and_keeps_every_edit(app, adopted_course, newer_versions):
    before = course_files(app)

    report = update_course(app, adopted_course, strategy="merge", actor="lecturer")

    outcomes = {o.path: (o.status, o.from_version, o.version, o.kept_local) for o in report.outcomes}
    assert outcomes == {
        "week1.strings_util": ("merged", "1.0", "1.1", ["test_strings_util.py"]),
        "week2.caesar": ("deployed", "1.0", "1.1", []),
    }
    after = course_files(app)
    assert after["week2/caesar/caesar.py"] == CAESAR_1_1.encode()
    assert b"version: '1.1'" in after["week2/caesar/meta.yaml"]
    assert after["week1/strings_util/strings_util.py"] == STRINGS_UTIL_1_1.encode()
    assert after["week1/strings_util/test_strings_util.py"] == TEST_EDITED.encode()  # the lecturer's, merged
    # The author's meta.yaml was the merge base: the new one arrives whole, as every deploy writes it.
    assert after["week1/strings_util/meta.yaml"].split(MARKER)[0].rstrip() == (
        FILES["week1/strings_util/meta.yaml"].replace('"1.0"', '"1.1"').encode().rstrip()
    )
    assert Tracking.from_json(after[f"week2/caesar/{TRACKING_FILE}"].decode()).example_version == "1.1"
    # Nothing else moved: the lecturer's hello.py, the other adopted folders, the traditional ones.
    updated = {"week2/caesar/", "week1/strings_util/", ".course-metadata/"}
    untouched = {p: data for p, data in before.items() if not p.startswith(tuple(updated))}
    assert {p: after[p] for p in untouched} == untouched
    assert after["week1/hello_world/hello.py"] == HELLO_EDITED.encode()
    assert {p: after[p] for p in COURSE_ONLY} == {p: text.encode() for p, text in COURSE_ONLY.items()}

    assert deployment(app, "week2.caesar")["version"] == "1.1"
    assert deployment(app, "week1.strings_util")["customized"] == ["~test_strings_util.py"]
    with app.db.session() as session:
        [event] = session.execute(
            sa.select(DeploymentEvent.event, DeploymentEvent.from_version, DeploymentEvent.to_version).where(
                DeploymentEvent.content_path == "week2.caesar", DeploymentEvent.from_version.is_not(None)
            )
        ).all()
    assert tuple(event) == ("deployed", "1.0", "1.1")
    assert compare_course(app, adopted_course).ok


def test_a_lecturers_edit_in_an_adopted_folder_is_a_customization(app, adopted_course):
    scan = scan_course(app, adopted_course)

    assert scan.customized == ["week1.hello_world", "week1.strings_util"]
    assert deployment(app, "week1.hello_world")["customized"] == ["~hello.py"]
    assert deployment(app, "week2.caesar")["customized"] is None


def test_the_student_template_holds_library_and_traditional_content(app, adopted_course):
    report = build_template(app, adopted_course)

    kinds = {content.path: content.kind for content in report.included}
    assert kinds == {
        "week1.hello_world": "example",
        "week1.strings_util": "example",
        "week2.caesar": "example",
        "week2.palindrome": "example",
        "week2.r_helpers": "example",
        "week2.stats": "example",
        "week3.linked_list": "example",
        "week3.stack": "example",
        "week4.normalize": "example",
        "week4.project": "example",
        "week4.vector_norm": "example",
        "week5.exam": "traditional",
    }
    template = clone(app.git_host.push_url("prog1-student-template"), Path(tempfile.mkdtemp()) / "fork")
    files = {p.relative_to(template).as_posix() for p in template.rglob("*") if p.is_file() and ".git" not in p.parts}
    read = lambda path: (template / path).read_bytes()  # noqa: E731
    # Solutions stripped or replaced by starters, the student's version of each example.
    assert read("week1/hello_world/hello.py") == strip_markers("hello.py", HELLO_EDITED.encode())
    assert b"Hello there" not in read("week1/hello_world/hello.py")
    assert read("week1/hello_world/README.md") == FILES["week1/hello_world/README.md"].encode()
    assert (
        read("week1/strings_util/strings_util.py")
        == FILES["week1/strings_util/studentTemplates/strings_util.py"].encode()
    )
    assert read("week1/strings_util/README.md") == FILES["week1/strings_util/content/index.md"].encode()
    assert read("week2/caesar/caesar.py") == b""
    assert read("week2/caesar/data/alphabet.txt") == FILES["week2/caesar/data/alphabet.txt"].encode()
    assert {"week3/linked_list/list.h", "week3/linked_list/Makefile", "week3/stack/stack.h"} <= files
    # Traditional content: exactly what its .studentfiles lists.
    assert read("week5/exam/task.md") == COURSE_ONLY["week5/exam/task.md"].encode()
    assert {f for f in files if f.startswith("week5/")} == {"week5/exam/task.md"}
    assert not [f for f in files if "/test" in f or f.endswith((TRACKING_FILE, ".studentfiles")) or "Bonus" in f]
