"""The course view and a content's diff as Markdown, for a UI that renders it (Dagster does)."""

from exlib_assets.core.lecturer_view.course_view import ContentView, CourseView
from exlib_assets.core.lecturer_view.indicators import INDICATORS
from exlib_assets.core.updates.diff import ContentDiff

# A patch longer than this is cut (with a note) so the page stays readable and the event small.
MAX_PATCH_LINES = 400


def course_tree_markdown(view: CourseView) -> str:
    """The content tree in ltree order, sections as bold labels, each content with its marks."""
    lines = [f"**{view.course}**: {summary(view)}", ""]
    shown: set[str] = set()
    for content in view.contents:
        labels = content.path.split(".")
        for depth in range(1, len(labels)):
            section = ".".join(labels[:depth])
            if section not in shown:
                shown.add(section)
                lines.append(f"{'  ' * (depth - 1)}- **{labels[depth - 1]}**")
        shown.add(content.path)
        lines.append(f"{'  ' * (len(labels) - 1)}- {content_line(content)}")
    if not view.contents:
        lines.append("No content is assigned yet: run the `assign_example` job from the Launchpad.")
    return "\n".join(lines)


def summary(view: CourseView) -> str:
    counts = [(name, view.count(name)) for name in INDICATORS]
    shown = [f"{count} {name}" for name, count in counts if count]
    return f"{len(view.contents)} contents; " + (", ".join(shown) if shown else "nothing to report")


def content_line(content: ContentView) -> str:
    return f"`{content.path}` {content.example} — {indicators_text(content)}"


def indicators_text(content: ContentView) -> str:
    """Each indicator with what it concerns: `deployed: 1.0 · customized: ~a.py`."""
    return (
        " · ".join(f"{name}" + (f": {_cell(detail)}" if detail else "") for name, detail in content.indicators.items())
        or "not deployed"
    )


def diff_markdown(diff: ContentDiff) -> str:
    """What `exlib diff` prints: per file the library's change, the lecturer's and what an update
    with merge does, then both patches."""
    versions = f"{diff.deployed_version} -> {diff.to_version}"
    lines = [
        f"**{diff.path}**: {diff.example} {versions} (main at `{diff.commit[:7]}`)",
        "",
        "| file | library | yours | on update |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{f.path}` | {f.library or ''} | {f.local or ''} | {f.on_update} |" for f in diff.files]
    if not diff.files:
        lines.append("| (no file changed on either side) | | | |")
    lines += ["", f"**Library changes ({versions})**", ""]
    if diff.deployed_version == diff.to_version:
        lines.append(f"none: no update is on offer; {diff.deployed_version} is the version to hold.")
    else:
        lines.append(_patch(diff.library_patch) if diff.library_patch else "none: both versions deploy the same files.")
    lines += ["", "**Your changes since deployment**", ""]
    lines.append(_patch(diff.local_patch) if diff.local_patch else "none")
    return "\n".join(lines)


def _patch(patch: str) -> str:
    lines = patch.splitlines()
    cut = len(lines) - MAX_PATCH_LINES
    body = "\n".join(lines[:MAX_PATCH_LINES]).replace("```", "` ` `")
    note = f"\n\n… {cut} more lines: `exlib diff` shows the whole patch." if cut > 0 else ""
    return f"```diff\n{body}\n```{note}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "/")
