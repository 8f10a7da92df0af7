"""What a workload hands to the report: its rows of figures and its verdicts on the targets."""

from dataclasses import dataclass, field

from bench.timing import Measurement


@dataclass(frozen=True)
class Row:
    """One figure: what was measured at one size, and the plain-git floor measured beside it."""

    what: str
    measured: Measurement
    baseline: Measurement | None = None
    unit: str = "s"
    note: str = ""
    # What the baseline is, when it is not plain git writing the same files.
    yardstick: str = "plain git"

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline.median == 0:
            return None
        return self.measured.median / self.baseline.median


@dataclass(frozen=True)
class Verdict:
    """A target of the issue, what was measured against it, and whether it holds."""

    target: str
    measured: str
    met: bool


@dataclass
class WorkloadResult:
    key: str  # B0 ... B11
    title: str
    # What is timed, from where to where, and what the baseline does.
    method: str
    rows: list[Row] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    seconds: float = 0.0  # wall time of the whole workload, setup included
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)  # os.getloadavg() at its start


def under(limit: float, row: Row) -> Verdict:
    """`row`'s median below `limit` (in the row's unit)."""
    median = row.measured.median
    return Verdict(f"{row.what}: under {limit:g} {row.unit}", figure(median, row.unit), median < limit)


def within_ratio(limit: float, row: Row) -> Verdict:
    """`row`'s median at most `limit` times its baseline's (plain git, unless the row names another)."""
    ratio = row.ratio if row.ratio is not None else float("inf")
    return Verdict(f"{row.what}: at most {limit:g}x {row.yardstick}", f"{ratio:.2f}x", ratio <= limit)


def figure(value: float, unit: str) -> str:
    """A measured value as the report shows it: 3 significant places for seconds, whole MiB."""
    if unit != "s":
        return f"{value:.0f} {unit}"
    return f"{value:.3f} s" if value < 0.1 else f"{value:.2f} s"


def adds_within(limit: float, run: Row, core: Row, floor: Row) -> Verdict:
    """What a Dagster run adds to the work it calls (`run` minus `core`) at most `limit` times
    `floor`, a run of an asset that does nothing over the same partitions."""
    added = run.measured.median - core.measured.median
    ratio = added / floor.measured.median
    return Verdict(
        f"{run.what}: the Dagster run adds at most {limit:g}x a run of an asset that does nothing",
        f"{figure(added, 's')} added; {figure(floor.measured.median, 's')} for nothing ({ratio:.2f}x)",
        ratio <= limit,
    )
