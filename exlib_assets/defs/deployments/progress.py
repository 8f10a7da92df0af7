"""Lets the process that starts a run (`exlib deploy`) watch it path by path.

The run finds its listener through a run tag; a run launched from the UI has none and only
writes its progress to the run's log.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.core.templates.builder import TemplateReport

LISTENER_TAG = "exlib/listener"


class DeployListener(Protocol):
    """Watches a deployment run (deploy_course_contents, preview_deployment, the asset)."""

    def path_done(self, course: str, outcome: PathOutcome, done: int, total: int) -> None: ...

    def course_done(self, report: DeployReport) -> None: ...

    def course_failed(self, course: str, error: str) -> None: ...


class TemplateListener(Protocol):
    """Watches a student_templates run."""

    def template_done(self, report: TemplateReport) -> None: ...


RunListener = DeployListener | TemplateListener


_listeners: dict[str, RunListener] = {}


@contextmanager
def listening(listener: RunListener) -> Iterator[dict[str, str]]:
    """Register `listener`; yields the tags to give the run."""
    token = uuid.uuid4().hex
    _listeners[token] = listener
    try:
        yield {LISTENER_TAG: token}
    finally:
        del _listeners[token]


def listener_for(tags: dict[str, str]) -> RunListener | None:
    return _listeners.get(tags.get(LISTENER_TAG, ""))
