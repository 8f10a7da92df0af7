"""What a deployment did (or, in a preview, would do), per path and for the run."""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from exlib_assets.core.deployments.tracking import DependencyLink

# deployed | merged | unchanged | removed | proposed | skipped | conflict | failed
# Paths whose repository folder now matches what was asked: each is a materialization.
MATERIALIZED = ("deployed", "merged", "unchanged", "removed")
# Paths that did what was asked without changing `main`: an update left on a branch for review,
# or a version the lecturer chose to skip.
LEFT_FOR_REVIEW = ("proposed", "skipped")
# Statuses that change `main`.
CHANGING = ("deployed", "merged", "removed")


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
    # The version the folder held before, when it held one.
    from_version: str | None = None
    # The lecturer's changes in the folder (`+added`, `~changed`, `-removed`), before this run.
    # For a path left unchanged or merged, the changes it still holds afterwards.
    local_edits: list[str] = field(default_factory=list)
    # The newest commit that changed the folder, when it holds local edits.
    edited_in: str | None = None
    # After a merge: the lecturer's files that survive, and the conflicts left to resolve.
    kept_local: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    # A proposal: the branch holding the update, and the merge request asking to merge it.
    branch: str | None = None
    branch_commit: str | None = None
    merge_request_url: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in MATERIALIZED or self.status in LEFT_FOR_REVIEW

    @property
    def materialized(self) -> bool:
        return self.status in MATERIALIZED

    # The one description of an outcome: the run log, the CLI's table and the commit message all
    # read it (or its two parts), so they never tell a path's story differently.

    @property
    def change(self) -> str:
        """The example and its version, or the move between versions: `ex@1.1`, `ex 1.0 -> 1.1`."""
        if self.from_version and self.from_version != self.version:
            return f"{self.example} {self.from_version} -> {self.version}"
        return f"{self.example}@{self.version}"

    @property
    def detail(self) -> str:
        """Why the path ended as it did and what it holds beyond the version; empty when nothing."""
        parts = [self.reason] if self.reason else []
        if self.added_for:
            parts.append(f"dependency of {self.added_for}")
        if self.status == "merged" and self.kept_local:
            parts.append(f"kept your changes to {listed(self.kept_local)}")
        elif self.local_edits and not self.reason:
            parts.append(f"customized: {listed(self.local_edits)}")
        return "; ".join(parts)

    def describe(self) -> str:
        """One line: `merged ex 1.0 -> 1.1: kept your changes to a.py`, `proposed ... on branch B`."""
        text = f"{self.status} {self.change}"
        if self.branch:
            text += f" on branch {self.branch}" + (f" ({self.merge_request_url})" if self.merge_request_url else "")
        return text + (f": {self.detail}" if self.detail else "")


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
    # What the user should know about the run beyond its outcomes (e.g. a file it had to set aside).
    notes: list[str] = field(default_factory=list)
    # Names this run in the history rows it writes, so analytics can count runs and time them.
    batch: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    started: float = field(default_factory=time.monotonic, repr=False)

    @property
    def elapsed_seconds(self) -> float:
        return round(time.monotonic() - self.started, 3)

    def run_details(self) -> dict:
        """What every history row of this run carries about the run itself."""
        return {"batch": self.batch, "run_seconds": self.elapsed_seconds}

    @property
    def ok(self) -> bool:
        return all(outcome.ok for outcome in self.outcomes)


def listed(paths: list[str], shown: int = 5) -> str:
    """The first `shown` of `paths`, and `...` when there are more."""
    return ", ".join(paths[:shown]) + (", ..." if len(paths) > shown else "")


# Called after each path is prepared: (outcome, paths done, paths in the run).
Progress = Callable[[PathOutcome, int, int], None]
