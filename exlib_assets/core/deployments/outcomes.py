"""What a deployment did (or, in a preview, would do), per path and for the run."""

from collections.abc import Callable
from dataclasses import dataclass, field

from exlib_assets.core.deployments.tracking import DependencyLink

# deployed | unchanged | removed | conflict | failed
SUCCESSFUL = ("deployed", "unchanged", "removed")


@dataclass
class PathOutcome:
    path: str
    status: str
    example: str
    version: str
    reason: str | None = None
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    dependencies: list[DependencyLink] = field(default_factory=list)
    digest: str | None = None
    # Set when this path was assigned by the run because `added_for` needs it.
    added_for: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in SUCCESSFUL


@dataclass
class DeployReport:
    course: str
    dry_run: bool
    commit: str | None = None
    # The repository's head after the run: the new commit, or where it already was.
    head: str | None = None
    outcomes: list[PathOutcome] = field(default_factory=list)
    # How many times the push was rejected because another run landed first.
    push_retries: int = 0

    @property
    def ok(self) -> bool:
        return all(outcome.ok for outcome in self.outcomes)


# Called after each path is prepared: (outcome, paths done, paths in the run).
Progress = Callable[[PathOutcome, int, int], None]
