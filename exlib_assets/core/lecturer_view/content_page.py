"""What a content's page shows: its example and version, the update on offer, the lecturer's
edited files, an open proposal, the last failure and, when an update is on offer, the diff it
would bring as `exlib diff` prints it."""

from dataclasses import dataclass

from exlib_assets.core.app import App
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.lecturer_view.course_view import ContentView
from exlib_assets.core.lecturer_view.markdown import content_line, diff_markdown
from exlib_assets.core.updates.diff import diff_content


@dataclass
class ContentPage:
    course: str
    path: str
    example: str
    version: str
    status: str
    update_available: str
    customized_files: list[str]
    proposal: str
    last_failure: str
    # One line with the marks of the course view.
    summary: str
    # Markdown: the diff of the update on offer, or why there is none to show.
    diff: str


def content_page(app: App, course: str, content: ContentView) -> ContentPage:
    """The page of a content from the library (one with a status)."""
    row = content.status
    if row is None:
        raise ValueError(f"{content.path} is not from the library: it has no page")
    return ContentPage(
        course=course,
        path=content.path,
        example=content.example,
        version=row.deployed or "",
        status=row.status,
        update_available=row.update_available or "",
        customized_files=list(row.customized),
        proposal=row.merge_request_url or row.proposal_branch or "",
        last_failure=(row.reason or "") if row.status == "failed" else "",
        summary=content_line(content),
        diff=_diff(app, course, content),
    )


def _diff(app: App, course: str, content: ContentView) -> str:
    row = content.status
    if not (row and row.update_available and row.deployed):
        return "No update is on offer: nothing to compare."
    try:
        return diff_markdown(diff_content(app, course, content.path))
    except ExlibError as error:
        # The page still shows everything else; the reason says what to do (check, repair).
        return f"The diff could not be read: {error}"
