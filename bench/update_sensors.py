"""What one tick of each update sensor costs over 100 courses x 50 deployments.

    .venv/bin/python bench/update_sensors.py [--courses 100] [--deployments 50]

The two sensors' core calls, timed in plain Python on a fresh EXLIB_HOME in a temporary folder
(SQLite, local folder storage, local bare git): `refresh_update_flags` (what
`update_availability` does each tick; database only) and `scan_course` for every course (what
`assignments_repository_changes` does each tick; one git fetch per course, then only the
folders touched since the last scan are read). Setup imports one small example per deployment,
assigns all of them in every course and deploys each course in one commit. Results go to
stdout and to the "Update sensors" section of BENCHMARKS.md.
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deploy_course import assign_all, timed, write_example  # noqa: E402
from report import write_section  # noqa: E402

from exlib_assets.core import courses  # noqa: E402
from exlib_assets.core.app import open_app  # noqa: E402
from exlib_assets.core.course_paths import folder_of  # noqa: E402
from exlib_assets.core.db.engine import upgrade  # noqa: E402
from exlib_assets.core.deployments.deployer import deploy_course  # noqa: E402
from exlib_assets.core.settings import Settings  # noqa: E402
from exlib_assets.core.updates.flags import FlagChanges, refresh_update_flags  # noqa: E402
from exlib_assets.core.updates.scan import ScanReport, scan_course  # noqa: E402

# How many courses a lecturer edits between two scans (fewer when the run has fewer courses).
EDITED_COURSES = 10


def content_path(number: int) -> str:
    """The content path `assign_all` gives example `number`."""
    return f"week{number % 14 + 1}.example{number:03d}"


def write_new_version(root: Path, number: int) -> Path:
    """Version 1.1 of example `number`: the same files as 1.0 with a changed solution."""
    folder = write_example(root, number)
    meta = folder / "meta.yaml"
    meta.write_text(meta.read_text().replace("version: '1.0'", "version: '1.1'"))
    (folder / "solution.py").write_text(f"def answer():\n    # simpler\n    return {number}\n")
    return folder


def git(*args: str, cwd: Path | None = None) -> None:
    """git as a lecturer runs it, with an identity of its own."""
    command = ["git", "-c", "user.name=Lecturer", "-c", "user.email=lecturer@example.edu", *args]
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True)


def push_edit(url: str, clone: Path, folder: str) -> None:
    """Clone `url`, append a line to `folder`/solution.py, commit and push to main."""
    git("clone", "-q", url, str(clone))
    solution = clone / folder / "solution.py"
    solution.write_text(solution.read_text() + "# a lecturer's hint\n")
    git("commit", "-qam", f"hint in {folder}", cwd=clone)
    git("push", "-q", "origin", "main", cwd=clone)


def flags_tick(app) -> FlagChanges:
    # One transaction, committed, as the sensor's tick runs it.
    with app.db.session() as session:
        return refresh_update_flags(session)


def scan_tick(app) -> list[ScanReport]:
    with app.db.session() as session:
        slugs = [course.slug for course in courses.list_courses(session)]
    return [scan_course(app, slug) for slug in slugs]


def flags_row(what: str, seconds: float, changes: FlagChanges) -> tuple[str, float, str]:
    pending = sum(map(len, changes.pending.values()))
    return what, seconds, f"{len(changes.flagged)} flagged, {len(changes.cleared)} cleared, {pending} pending"


def scan_row(what: str, seconds: float, reports: list[ScanReport]) -> tuple[str, float, str]:
    folders = sum(len(report.folders_read) for report in reports)
    customized = sum(len(report.customized) for report in reports)
    return what, seconds, f"{folders} folders read, {customized} customized"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--deployments", type=int, default=50, help="contents per course, one example each")
    arguments = parser.parse_args()
    course_count, deployment_count = arguments.courses, arguments.deployments
    slugs = [f"bench{number:03d}" for number in range(course_count)]
    edited = slugs[:: max(1, course_count // EDITED_COURSES)][:EDITED_COURSES]

    with tempfile.TemporaryDirectory(prefix="exlib-bench-") as folder:
        root = Path(folder)
        for name in [name for name in os.environ if name.startswith("EXLIB_")]:
            del os.environ[name]
        os.environ["EXLIB_HOME"] = str(root / "home")
        settings = Settings.from_env()
        settings.home.mkdir(parents=True)
        upgrade(settings.database_url)

        rows = []
        with open_app(settings) as app:
            report = app.library.import_paths(
                [write_example(root / "examples", number) for number in range(deployment_count)]
            )
            assert report.ok, report.failed
            setup_start = time.perf_counter()
            for done, slug in enumerate(slugs, 1):
                assign_all(app, slug, range(deployment_count))
                deployed = deploy_course(app, slug)
                assert deployed.ok and deployed.commit, f"deploying {slug} failed"
                if done % 10 == 0 or done == course_count:
                    print(f"deployed {done}/{course_count} courses ({time.perf_counter() - setup_start:.0f} s)")

            total = course_count * deployment_count
            seconds, changes = timed(lambda: flags_tick(app))
            assert not changes.flagged and not changes.pending
            rows.append(flags_row(f"update flags: nothing new ({total} deployments)", seconds, changes))

            report = app.library.import_paths([write_new_version(root / "examples-1.1", 0)])
            assert report.ok and report.imported, report.to_dict()
            seconds, changes = timed(lambda: flags_tick(app))
            assert len(changes.flagged) == course_count
            rows.append(
                flags_row(f"update flags: example000@1.1 indexed ({course_count} courses use it)", seconds, changes)
            )

            seconds, changes = timed(lambda: flags_tick(app))
            assert not changes.flagged
            rows.append(flags_row("update flags: the tick after (nothing new)", seconds, changes))

            seconds, reports = timed(lambda: scan_tick(app))
            assert sum(len(report.folders_read) for report in reports) == total
            rows.append(scan_row(f"repository scan: first scan of {course_count} courses", seconds, reports))

            seconds, reports = timed(lambda: scan_tick(app))
            assert not any(report.folders_read for report in reports)
            rows.append(scan_row(f"repository scan: nothing changed in {course_count} courses", seconds, reports))

            for number, slug in enumerate(edited):
                url = app.git_host.push_url(courses.repository_names(slug)["assignments"])
                push_edit(url, root / "clones" / slug, folder_of(content_path(number % deployment_count)))
            seconds, reports = timed(lambda: scan_tick(app))
            assert sum(len(report.folders_read) for report in reports) == len(edited)
            rows.append(scan_row(f"repository scan: one lecturer edit in {len(edited)} courses", seconds, reports))

    lines = ["| what | seconds | result |", "|---|---|---|"] + [
        f"| {what} | {seconds:.2f} | {result} |" for what, seconds, result in rows
    ]
    command = ".venv/bin/python bench/update_sensors.py"
    if (course_count, deployment_count) != (100, 50):
        command += f" --courses {course_count} --deployments {deployment_count}"
    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d} on an {platform.machine()} machine, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}.",
            f"Command: `{command}`",
            "",
            f"{course_count} courses x {deployment_count} deployments, each course deployed in one commit. "
            "Each figure is one sensor tick: `refresh_update_flags` in one committed transaction, or "
            "`scan_course` for every course (as `assignments_repository_changes` does).",
            "",
            *lines,
        ]
    )
    print(body)
    write_section(Path(__file__).resolve().parents[1] / "BENCHMARKS.md", "Update sensors", body)


if __name__ == "__main__":
    main()
