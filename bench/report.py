"""BENCHMARKS.md: one file with a section per workload, plus the run and its summary. A run
replaces the sections it measured and leaves every other section (hand-written ones included)
where it is."""

import re
from pathlib import Path

from bench.machine import RunInfo
from bench.results import Row, WorkloadResult, figure

HEADER = "# Benchmarks\n\nFigures written by `python -m bench`; each section says how it was measured.\n"


def write_sections(path: Path, sections: dict[str, str]) -> None:
    text = path.read_text() if path.exists() else HEADER
    for title, body in sections.items():
        section = f"## {title}\n\n{body.strip()}\n"
        # A workload's section is its key's (`B11: ...`) whatever its title says now: a workload
        # that failed is titled from its docstring, and must still replace its earlier figures.
        key = title.split(":", 1)[0]
        heading = rf"{key}: [^\n]*" if re.fullmatch(r"B\d+", key) else re.escape(title)
        pattern = re.compile(rf"^## {heading}\n.*?(?=^## |\Z)", re.S | re.M)
        if pattern.search(text):
            text = pattern.sub(lambda _, section=section: section + "\n", text)
        else:
            text = text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n")


def workload_title(result: WorkloadResult) -> str:
    return f"{result.key}: {result.title}"


def workload_section(result: WorkloadResult, run: RunInfo) -> str:
    one, five, fifteen = result.load
    lines = [
        f"Measured {run.date} with `{run.command}`; load average {one:.2f} / {five:.2f} / {fifteen:.2f} "
        f"at its start; {run.sizes.repeats} repetitions after {run.sizes.warmups} warm-up(s); "
        f"{result.seconds:.0f} s with setup.",
        "",
        result.method,
        "",
        "| what | median | min - max | baseline (median) | ratio to baseline | |",
        "|---|---|---|---|---|---|",
        *(_row(row) for row in result.rows),
    ]
    if result.verdicts:
        lines += ["", "| target | measured | met |", "|---|---|---|"]
        lines += [f"| {v.target} | {v.measured} | {'yes' if v.met else '**no**'} |" for v in result.verdicts]
    return "\n".join(lines)


def run_section(run: RunInfo) -> str:
    return "\n".join(
        [
            f"- Date: {run.date} (UTC), {run.seconds / 60:.1f} minutes",
            f"- Command: `{run.command}` (from the project folder, after the README's set-up)",
            f"- Machine: {run.machine}",
            f"- Software: {run.software}",
            f"- Load average (1 / 5 / 15 min) at the start: {' / '.join(f'{x:.2f}' for x in run.load)}; "
            "the machine is shared, so figures are noisy: compare a row with its own plain-git column, "
            "measured in the same repetitions.",
            "- Baselines are plain git unless a row names another. Plain git: the same files written "
            "into a clone of a local bare repository, `git add`, "
            "`git commit`, `git push`, timed in the same process run, interleaved with exlib's "
            "repetitions; from the state exlib starts from (a clone kept between commits, updated "
            "with `git pull`, where exlib too keeps its working copy; a new clone of a new repository).",
        ]
    )


def summary_section(results: list[WorkloadResult]) -> str:
    lines = ["| workload | target | measured | met |", "|---|---|---|---|"]
    for result in results:
        for verdict in result.verdicts:
            met = "yes" if verdict.met else "**no**, see *Where the time goes*"
            lines.append(f"| {result.key} | {verdict.target} | {verdict.measured} | {met} |")
    return "\n".join(lines)


def _row(row: Row) -> str:
    measured = row.measured
    spread = f"{figure(measured.minimum, row.unit)} - {figure(measured.maximum, row.unit)}"
    baseline = figure(row.baseline.median, row.unit) if row.baseline else ""
    if baseline and row.yardstick != "plain git":
        baseline += f" (`{row.yardstick}`)"
    ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
    return f"| {row.what} | {figure(measured.median, row.unit)} | {spread} | {baseline} | {ratio} | {row.note} |"
