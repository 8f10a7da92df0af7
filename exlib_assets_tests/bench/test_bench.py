"""The benchmarks run from the checkout: `python -m bench` at its smallest sizes, and the report
writer. How fast exlib is gets measured by bench/ itself, never asserted here."""

import re
import subprocess
import sys
from pathlib import Path

from bench.report import write_sections

PROJECT = Path(__file__).resolve().parents[2]


def test_the_entry_point_runs_and_writes_its_report(tmp_path):
    report = tmp_path / "BENCHMARKS.md"

    done = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--only", "B0,B1,B4", "--report", str(report)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    text = report.read_text()
    assert "## B1: One typical example into a course" in text
    assert "| 1 example into a course of 3 |" in text and "Dagster's floor" in text
    # deploy_course is judged against plain git, the run against a run that does nothing.
    assert "1 example into a course of 3: at most 1.3x plain git" in text
    assert "1 example into a course of 3: the Dagster run adds at most 1.2x a run of an asset that does nothing" in text
    assert "## B4: The discovery sensor's tick" in text and "| 20 known versions, 1 new |" in text
    assert "## B0: Start-up: the command line and the code location" in text
    assert "exlib --help: at most 3x python -c 'import click'" in text
    assert "(`python -c 'import dagster'`)" in text
    # Only a run of every workload speaks for the whole run.
    assert "## Summary" not in text and "## Summary" in done.stdout


def test_a_section_is_replaced_in_place_and_the_others_are_kept(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## B1: first\n\nold\n\n## Where the time goes\n\nwritten by hand\n")

    write_sections(path, {"B1: first": "new", "B2: second": "added"})

    assert path.read_text() == (
        "# Benchmarks\n\n## B1: first\n\nnew\n\n## Where the time goes\n\nwritten by hand\n\n## B2: second\n\nadded\n"
    )


def test_the_verification_workload_verifies_the_sample_and_generated_examples(tmp_path):
    report = tmp_path / "BENCHMARKS.md"

    done = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--only", "B11", "--report", str(report)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    text = report.read_text()
    assert "## B11: Verifying examples in the sandbox" in text
    assert re.search(r"\| the sample library \(\d+ examples\) \|.*\d+ passed", text)
    assert "| 2 generated Python examples |" in text and "2 passed" in text


def test_the_university_workloads_run_and_report_their_growth(tmp_path):
    report = tmp_path / "BENCHMARKS.md"

    done = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--only", "B9,B10", "--report", str(report)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    text = report.read_text()
    assert "## B9: One course of thousands of contents" in text
    assert "| deploy all 6 contents |" in text and "| exlib status, 6 contents |" in text
    assert "| first template build, 6 contents |" in text
    assert "| template rebuild after 1 of 6 contents changed |" in text
    assert "## B10: Ten thousand partitions" in text
    assert "| 3 courses x 3 (9 partitions): the partitions page query |" in text
    assert "| 3 courses x 3 (9 partitions): update_availability after 1 new version |" in text
    assert "the update_availability tick grows at most linearly" in text


def test_a_workload_that_fails_is_reported_as_failed_and_the_run_goes_on(monkeypatch, capsys):
    import types

    from bench import __main__ as bench_main

    def run(home, sizes):
        raise RuntimeError("git said: Argument list too long")

    monkeypatch.setitem(bench_main.WORKLOADS, "B99", types.SimpleNamespace(__doc__="B99: a broken one.", run=run))

    result = bench_main._run_workload("B99", home=None, sizes=None)

    assert result.title == "a broken one" and "Argument list too long" in result.method
    assert [verdict.met for verdict in result.verdicts] == [False]
    assert "RuntimeError" in capsys.readouterr().err


def test_a_workloads_section_is_replaced_under_its_key_when_its_title_changed(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## B1: old title\n\nold\n\n## B11: another\n\nkept\n")

    write_sections(path, {"B1: a new title": "new"})

    assert path.read_text() == "# Benchmarks\n\n## B1: a new title\n\nnew\n\n## B11: another\n\nkept\n"
