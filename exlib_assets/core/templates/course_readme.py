"""The README at the top of a student template: the course's contents, in course order."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadmeEntry:
    path: str  # week1.hello_world
    title: str | None
    folder: str | None  # week1/hello_world; None for a unit with nothing of its own


def course_readme(slug: str, entries: list[ReadmeEntry]) -> str:
    """A markdown list in ltree order, indented by depth, each entry linking to its folder."""
    lines = [f"# {slug}", "", "Your starting point for this course's assignments.", ""]
    if not entries:
        lines.append("Nothing has been released yet.")
    paths = {entry.path for entry in entries}
    for entry in sorted(entries, key=lambda e: e.path.split(".")):
        # Indent under listed ancestors only, so a list without its parents stays flat.
        depth = sum(ancestor in paths for ancestor in _ancestors(entry.path))
        name = entry.title or entry.path.rsplit(".", 1)[-1].replace("_", " ")
        label = f"[{_escape(name)}]({entry.folder}/)" if entry.folder else f"**{_escape(name)}**"
        lines.append(f"{'  ' * depth}- {label} `{entry.path}`")
    return "\n".join(lines) + "\n"


def _ancestors(path: str) -> list[str]:
    labels = path.split(".")
    return [".".join(labels[:depth]) for depth in range(1, len(labels))]


def _escape(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
