"""How long deploying takes: 1 and 100 examples, in a real Dagster run on the embedded default.

    .venv/bin/python bench/deploy_course.py [--examples 100]

Each figure is one run of the deploy_course_contents job (what `exlib deploy` and the
Launchpad start), from launch to success, on a fresh EXLIB_HOME and DAGSTER_HOME in a
temporary folder (SQLite, local folder storage, local bare git). The plain-Python deploy
(no Dagster) is timed too, so the Dagster overhead is visible. Results go to stdout and to
the "Deploy" section of BENCHMARKS.md.
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import write_section  # noqa: E402

from exlib_assets.core import catalog, courses  # noqa: E402
from exlib_assets.core.app import open_app  # noqa: E402
from exlib_assets.core.db.engine import upgrade  # noqa: E402
from exlib_assets.core.deployments.deployer import deploy_course  # noqa: E402
from exlib_assets.core.settings import Settings  # noqa: E402


def write_example(root: Path, number: int) -> Path:
    """A small but typical example: meta.yaml, task text, solution, tests, a template."""
    folder = root / f"example{number:03d}"
    (folder / "content").mkdir(parents=True)
    (folder / "studentTemplates").mkdir()
    (folder / "meta.yaml").write_text(
        f"identifier: bench.example{number:03d}\nversion: '1.0'\ntitle: Example {number}\n"
        "properties:\n  studentSubmissionFiles: [solution.py]\n  testFiles: [test.yaml]\n"
        "  studentTemplates: [studentTemplates/solution.py]\n"
    )
    (folder / "content" / "index.md").write_text(f"# Example {number}\n\nWrite a function.\n" * 20)
    (folder / "solution.py").write_text(f"def answer():\n    return {number}\n")
    (folder / "test.yaml").write_text("tests:\n  - name: answer\n    function: answer\n")
    (folder / "studentTemplates" / "solution.py").write_text("def answer():\n    ...\n")
    return folder


def assign_all(app, slug: str, numbers: range) -> None:
    with app.db.session() as session:
        library = catalog.get_or_create_library(session, app.storage.library)
        course = courses.find_course(session, slug) or courses.create_course(session, app.git_host, slug)
        for number in numbers:
            content = courses.add_content(session, course, f"week{number % 14 + 1}.example{number:03d}")
            courses.assign(session, library, content, f"bench.example{number:03d}")


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100)
    count = parser.parse_args().examples

    with tempfile.TemporaryDirectory(prefix="exlib-bench-") as folder:
        root = Path(folder)
        # The job's resource reads the environment: point all of it at the temporary folder.
        for name in [name for name in os.environ if name.startswith("EXLIB_")]:
            del os.environ[name]
        os.environ["EXLIB_HOME"] = str(root / "home")
        os.environ["DAGSTER_HOME"] = str(root / "dagster")
        settings = Settings.from_env()
        settings.home.mkdir(parents=True)
        upgrade(settings.database_url)

        import dagster as dg

        from exlib_assets.cli.dagster_runs import open_instance, run_job

        rows = []
        with open_app(settings) as app, open_instance(settings) as instance:
            app.library.import_paths([write_example(root / "examples", n) for n in range(count + 2)])

            def dagster_deploy(slug: str, paths: list[str] | None = None) -> dg.ExecuteInProcessResult:
                result = run_job(
                    instance, "deploy_course_contents", {"course": slug, "paths": paths or []}, {"bench": "deploy"}
                )
                assert result.success, "benchmark run failed"
                return result

            assign_all(app, "bench_one", range(1))
            seconds, _ = timed(lambda: dagster_deploy("bench_one"))
            rows.append(("1 example into an empty course (Dagster run)", seconds))

            assign_all(app, "bench_many", range(count))
            seconds, _ = timed(lambda: dagster_deploy("bench_many"))
            rows.append((f"{count} examples into an empty course, one commit (Dagster run)", seconds))

            seconds, _ = timed(lambda: dagster_deploy("bench_many"))
            rows.append((f"redeploy {count} examples, nothing changed, no commit (Dagster run)", seconds))

            assign_all(app, "bench_many", range(count, count + 1))
            path = f"week{count % 14 + 1}.example{count:03d}"
            seconds, _ = timed(lambda: dagster_deploy("bench_many", [path]))
            rows.append((f"1 more example into the course of {count} (Dagster run)", seconds))

            assign_all(app, "bench_plain", range(count))
            seconds, report = timed(lambda: deploy_course(app, "bench_plain"))
            assert report.ok and report.commit
            rows.append((f"{count} examples, one commit (plain Python, no Dagster)", seconds))

    lines = ["| what | seconds |", "|---|---|"] + [f"| {what} | {seconds:.2f} |" for what, seconds in rows]
    body = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d} on an {platform.machine()} machine, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}.",
            "Command: `.venv/bin/python bench/deploy_course.py --examples " + str(count) + "`",
            "",
            *lines,
        ]
    )
    print(body)
    write_section(Path(__file__).resolve().parents[1] / "BENCHMARKS.md", "Deploy", body)


if __name__ == "__main__":
    main()
