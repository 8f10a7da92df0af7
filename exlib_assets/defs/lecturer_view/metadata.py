"""The course view and content pages as Dagster metadata, checks and observations."""

from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.keys import course_content_key
from exlib_assets.core.lecturer_view.indicators import (
    CUSTOMIZED,
    FAILED,
    HELD_BACK,
    PENDING,
    PROPOSAL_OPEN,
    UPDATE_AVAILABLE,
)

if TYPE_CHECKING:
    from exlib_assets.core.lecturer_view.content_page import ContentPage
    from exlib_assets.core.lecturer_view.course_view import CourseView

CONTENT_ASSET = dg.AssetKey("course_content_deployments")

# Each check warns while any content shows its indicator, naming them and what to do.
CHECKS = {
    "no_update_waiting": (UPDATE_AVAILABLE, "run update_course_contents (strategy merge keeps your edits)"),
    "no_local_edits": (CUSTOMIZED, "an update merges them; the content's page shows the diff"),
    "no_proposal_open": (PROPOSAL_OPEN, "review and merge the branch (or merge request)"),
    "no_failed_content": (FAILED, "fix the reason and deploy the content again"),
    "nothing_pending": (PENDING, "run deploy_course_contents"),
    "nothing_held_back": (HELD_BACK, "fix the leak and run release_student_template"),
}


def overview_metadata(view: "CourseView") -> dict:
    from exlib_assets.core.lecturer_view.markdown import course_tree_markdown, indicators_text, summary

    # One plain entry per content, in tree order: the UI shows these without a click.
    return {
        "summary": summary(view),
        **{content.path: dg.MetadataValue.text(indicators_text(content)) for content in view.contents},
        "content_tree": dg.MetadataValue.md(course_tree_markdown(view)),
        "contents": len(view.contents),
        **{name.replace(" ", "_"): view.count(name) for name in (UPDATE_AVAILABLE, CUSTOMIZED, PROPOSAL_OPEN, FAILED)},
        "held_back": view.count(HELD_BACK),
        "template_commit": view.template_commit or "",
    }


def check_results(view: "CourseView") -> list[dg.AssetCheckResult]:
    results = []
    for check, (indicator, next_step) in CHECKS.items():
        hits = [content for content in view.contents if indicator in content.indicators]
        lines = [f"{c.path}: {c.indicators[indicator]}".rstrip(": ") for c in hits]
        results.append(
            dg.AssetCheckResult(
                check_name=check,
                passed=not hits,
                severity=dg.AssetCheckSeverity.WARN,
                description=(f"{len(hits)} content(s) {indicator}; {next_step}:\n" + "\n".join(lines))
                if hits
                else f"no content {indicator}",
                metadata={"contents": dg.MetadataValue.json({c.path: c.indicators[indicator] for c in hits})},
            )
        )
    return results


def content_observation(page: "ContentPage") -> dg.AssetObservation:
    return dg.AssetObservation(
        asset_key=CONTENT_ASSET,
        partition=course_content_key(page.course, page.path),
        description=page.summary,
        metadata={
            "example": page.example,
            "version": page.version,
            "status": page.status,
            "update_available": page.update_available,
            "customized_files": dg.MetadataValue.json(page.customized_files),
            "proposal": page.proposal,
            "last_failure": page.last_failure,
            "diff": dg.MetadataValue.md(page.diff),
        },
    )
