"""What happens around a lecturer between two looks at the UI: the library publishes a new
version, the lecturer edits a deployed content in the repository, someone plants a solution in a
folder students get. Each is done the way it happens outside exlib (an import, a git push)."""

import shutil
from pathlib import Path

from exlib_assets.core import courses
from exlib_assets.core.app import open_app
from exlib_assets.core.sample import SAMPLE_COURSE_SLUG, SAMPLE_EXAMPLES
from exlib_assets.core.settings import Settings
from exlib_assets_tests.repositories import push_change
from exlib_assets_tests.ui.state import exlib

EDITED = "week1.fibonacci"
EDITED_FILE = "content/index.md"
LECTURER_TIP = "\nTip from your lecturer: try n = 35 with and without the cache.\n"
LIBRARY_CHANGE = (
    '"""Fibonacci numbers: F(0) = 0, F(1) = 1, F(n) = F(n-1) + F(n-2)."""',
    '"""Fibonacci numbers, three ways: F(0) = 0, F(1) = 1, F(n) = F(n-1) + F(n-2)."""',
)
NEW_VERSION = "v1.3"
LEAK = "week1.notes"


def assignments_repository(settings: Settings) -> str:
    with open_app(settings) as app:
        return app.git_host.push_url(courses.repository_names(SAMPLE_COURSE_SLUG)["assignments"])


def lecturer_edits_the_task_text(settings: Settings, workdir: Path) -> None:
    def add_tip(repo: Path) -> None:
        text = repo / "week1/fibonacci" / EDITED_FILE
        text.write_text(text.read_text() + LECTURER_TIP)

    push_change(assignments_repository(settings), workdir, add_tip, "A tip for the students")


def library_publishes_a_new_fibonacci(workdir: Path) -> None:
    folder = workdir / "fibonacci_next"
    shutil.copytree(SAMPLE_EXAMPLES / "py_fibonacci", folder)
    meta = folder / "meta.yaml"
    meta.write_text(meta.read_text().replace('version: "v1.2"', f'version: "{NEW_VERSION}"'))
    solution = folder / "fibonacci.py"
    solution.write_text(solution.read_text().replace(*LIBRARY_CHANGE))
    exlib("library", "import", str(folder))


def someone_plants_a_solution_in_a_student_folder(settings: Settings, workdir: Path) -> None:
    def copy_the_solution(repo: Path) -> None:
        (repo / "week1/notes").mkdir()
        # The tests stay with the lecturer; a copy of them in a folder students get is a leak.
        shutil.copyfile(repo / "week1/hello_world/test_hello.py", repo / "week1/notes/checks.py")
        (repo / "week1/notes/.studentfiles").write_text("checks.py\n")

    push_change(assignments_repository(settings), workdir, copy_the_solution, "Notes for week 1")
    exlib("course", "add-content", SAMPLE_COURSE_SLUG, LEAK, "--title", "Notes")
