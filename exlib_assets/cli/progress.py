"""The progress bar `exlib deploy` and `exlib update` show while their run works."""

import sys

import click

from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.defs.deployments.progress import RunReporter


class TerminalProgress(RunReporter):
    """A bar that moves one step per path and names the path it just prepared (on stderr, so
    --json output stays clean)."""

    def __init__(self) -> None:
        self._bar = None

    def path_done(self, course: str, outcome: PathOutcome, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(
                length=total, label=f"deploying {course}", file=sys.stderr, item_show_func=lambda item: item
            )
            self._bar.__enter__()
        self._bar.update(1, current_item=f"{outcome.path}: {outcome.status}")

    def course_done(self, report: DeployReport) -> None:
        self._close()

    def course_failed(self, course: str, error: str) -> None:
        self._close()

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
