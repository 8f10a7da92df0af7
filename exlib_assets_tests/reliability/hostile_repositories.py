"""Hostile repositories: a symlink pushed at every path exlib writes, as data.

Anyone with push rights on a course repository can commit a symlink. Each case pushes one, into
the assignments or the student template repository, at a path some exlib command writes (a
parent folder, the folder itself, or the file), pointing at the scene's folder outside exlib;
then runs that command as a user types it. test_hostile_repositories checks that each is refused
naming the link, that the paths it worked on end `failed` with that reason, that nothing outside
changed and that no repository got a commit; RELIABILITY.md's table is generated from this list
(hostile_repositories_table).
"""

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from exlib_assets.core import courses
from exlib_assets.core.templates.builder import build_template
from exlib_assets_tests.reliability.scene import COURSE, DEPLOYED_PATH, VICTIM, Scene
from exlib_assets_tests.repositories import push_change

ASSIGNMENTS = "assignments"
STUDENT_TEMPLATE = "student template"
# How the command answers: the run is refused (non-zero exit), or the folder holding the link is
# left out of the run (listed with the reason) while the command goes on.
REFUSED = "refused"
LEFT_OUT = "left out"


@dataclass(frozen=True)
class PlantedLink:
    name: str
    repository: str  # ASSIGNMENTS or STUDENT_TEMPLATE
    link: str  # the path pushed as a symlink, relative to the repository
    to_folder: bool  # the link points at the outside folder (else at the file in it)
    command: tuple[str, ...]  # what is run afterwards, as typed after `exlib`
    # What the command writes there, in words (the table's "exlib writes there" column).
    writes: str
    # Arranges what the command needs beyond the scene (imports, assignments, lecturer edits);
    # runs before the link is pushed.
    prepare: Callable[[Scene], None] = lambda scene: None
    # Edits pushed in the same commit as the link (a lecturer's change, a folder to adopt).
    also_pushed: Callable[[Path, Scene], None] = lambda clone, scene: None
    # Content paths whose deployment rows the command works on: they must end failed, naming the link.
    failed_paths: tuple[str, ...] = field(default=())
    answer: str = REFUSED

    @property
    def repository_words(self) -> str:
        return f"the {self.repository} repository"

    @property
    def expected(self) -> tuple[str, ...]:
        """Fragments the command's output must hold: the link, and what to do."""
        if self.answer == LEFT_OUT:
            return (f"'{Path(self.link).name}' is a symlink", "replace it with the real file")
        return (f"{self.link} in {self.repository_words} is a symlink", "replace it with a real file or folder")


# -- preparing ------------------------------------------------------------------------------------


def other_assigned(scene: Scene) -> None:
    scene.imported(scene.example("other"))
    scene.assigned("week2.other", "test.other")


def newer_base(scene: Scene) -> None:
    scene.imported(scene.example("base", version="1.1", parent=scene.inputs / "next", files={"solution.py": "# 1.1\n"}))


def newer_base_deployed(scene: Scene) -> None:
    """test.base 1.1 deployed over 1.0, so a rollback has a version to go back to."""
    newer_base(scene)
    scene.deployed(DEPLOYED_PATH)


def template_built(scene: Scene) -> None:
    report = build_template(scene.app, COURSE, actor="setup")
    assert report.commit is not None


def lecturer_edit(clone: Path, scene: Scene) -> None:
    """An edit the library's 1.1 also makes differently: a merge update conflicts on it."""
    (clone / "week1" / "base" / "solution.py").write_text("# the lecturer's own solution\n")


def folder_to_adopt(clone: Path, scene: Scene) -> None:
    """week3/other holding exactly test.other@1.0's files, without a tracking file."""
    shutil.copytree(scene.inputs / "other", clone / "week3" / "other")


def folder_to_adopt_with_linked_file(clone: Path, scene: Scene) -> None:
    """As folder_to_adopt, but solution.py is a link to a file outside with the very same bytes,
    so the folder matches the library and adoption gets as far as writing its tracking file."""
    folder_to_adopt(clone, scene)
    (scene.outside / "solution.py").write_bytes((clone / "week3" / "other" / "solution.py").read_bytes())


def adoptable_other(scene: Scene) -> None:
    scene.imported(scene.example("other"))


CASES = [
    # -- the assignments repository: course metadata ----------------------------------------------
    PlantedLink(
        "history_file",
        ASSIGNMENTS,
        ".course-metadata/deployment-history.json",
        False,
        ("deploy", COURSE, "week2.other"),
        "appends the run's history entries",
        prepare=other_assigned,
        failed_paths=("week2.other",),
    ),
    PlantedLink(
        "metadata_folder",
        ASSIGNMENTS,
        ".course-metadata",
        True,
        ("deploy", COURSE, "week2.other"),
        "writes the course index and history in it",
        prepare=other_assigned,
        failed_paths=("week2.other",),
    ),
    PlantedLink(
        "course_index",
        ASSIGNMENTS,
        ".course-metadata/deployed-examples.json",
        False,
        ("deploy", COURSE, "week2.other"),
        "rewrites the course index",
        prepare=other_assigned,
        failed_paths=("week2.other",),
    ),
    PlantedLink(
        "course_index_on_a_proposal",
        ASSIGNMENTS,
        ".course-metadata/deployed-examples.json",
        False,
        ("update", COURSE, DEPLOYED_PATH, "--strategy", "merge"),
        "rewrites the course index on the proposal branch of a conflicting merge",
        prepare=newer_base,
        also_pushed=lecturer_edit,
        failed_paths=(DEPLOYED_PATH,),
    ),
    PlantedLink(
        "stray_tracking_file",
        ASSIGNMENTS,
        "week4/stray/.example-library",
        False,
        ("deploy", COURSE, "week2.other"),
        "reads every tracking file into the course index",
        prepare=other_assigned,
        failed_paths=("week2.other",),
    ),
    # -- the assignments repository: a deployed content ---------------------------------------------
    PlantedLink(
        "unit_folder",
        ASSIGNMENTS,
        "week1",
        True,
        ("deploy", COURSE, DEPLOYED_PATH, "--overwrite"),
        "makes the content's parent folder",
        prepare=newer_base,
        failed_paths=(DEPLOYED_PATH,),
    ),
    PlantedLink(
        "content_folder",
        ASSIGNMENTS,
        "week1/base",
        True,
        ("update", COURSE, DEPLOYED_PATH, "--strategy", "overwrite"),
        "writes the new version's files in it",
        prepare=newer_base,
        failed_paths=(DEPLOYED_PATH,),
    ),
    PlantedLink(
        "content_file",
        ASSIGNMENTS,
        "week1/base/solution.py",
        False,
        ("rollback", COURSE, DEPLOYED_PATH),
        "writes the earlier version's solution.py",
        prepare=newer_base_deployed,
        failed_paths=(DEPLOYED_PATH,),
    ),
    PlantedLink(
        "tracking_file",
        ASSIGNMENTS,
        "week1/base/.example-library",
        False,
        ("deploy", COURSE, DEPLOYED_PATH, "--overwrite"),
        "rewrites the tracking file",
        prepare=newer_base,
        failed_paths=(DEPLOYED_PATH,),
    ),
    PlantedLink(
        "meta_yaml",
        ASSIGNMENTS,
        "week1/base/meta.yaml",
        False,
        ("update", COURSE, DEPLOYED_PATH, "--strategy", "overwrite"),
        "writes the annotated meta.yaml",
        prepare=newer_base,
        failed_paths=(DEPLOYED_PATH,),
    ),
    # -- the assignments repository: adopting existing folders ------------------------------------
    PlantedLink(
        "history_file_on_adopt",
        ASSIGNMENTS,
        ".course-metadata/deployment-history.json",
        False,
        ("migrate", "adopt", COURSE),
        "appends the adoption's history entries",
        prepare=adoptable_other,
        also_pushed=folder_to_adopt,
    ),
    PlantedLink(
        "file_in_an_adopted_folder",
        ASSIGNMENTS,
        "week3/other/solution.py",
        False,
        ("migrate", "adopt", COURSE),
        "writes the tracking file beside it",
        prepare=adoptable_other,
        also_pushed=folder_to_adopt_with_linked_file,
        answer=LEFT_OUT,
    ),
    # -- the student template repository ------------------------------------------------------------
    PlantedLink(
        "template_readme",
        STUDENT_TEMPLATE,
        "README.md",
        False,
        ("template", COURSE),
        "rewrites the course README",
        prepare=template_built,
    ),
    PlantedLink(
        "template_content_folder",
        STUDENT_TEMPLATE,
        "week1/base",
        True,
        ("template", COURSE),
        "writes the content's student files in it",
        prepare=template_built,
    ),
]


def plant(case: PlantedLink, scene: Scene) -> None:
    """Prepare the case, then push the link (and its companion edits) as someone with push rights."""
    case.prepare(scene)
    role = "assignments" if case.repository == ASSIGNMENTS else "student_template"
    url = scene.app.git_host.push_url(courses.repository_names(COURSE)[role])

    def change(clone: Path) -> None:
        case.also_pushed(clone, scene)
        link = clone / case.link
        if link.is_dir():
            shutil.rmtree(link)
        elif link.exists():
            link.unlink()
        link.parent.mkdir(parents=True, exist_ok=True)
        target = scene.outside if case.to_folder else scene.outside / Path(case.link).name
        if not target.exists():
            target = scene.outside / VICTIM
        os.symlink(target, link)

    push_change(url, scene.root, change, message=f"link {case.link} outside")
