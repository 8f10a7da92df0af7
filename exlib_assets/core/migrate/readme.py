"""The title an assignment's README gives it: its first heading (or that of its task text)."""

import re
from collections.abc import Mapping

# Checked in this order; the task text of a library example (content/index.md) counts too.
README_NAMES = ("README.md", "README.markdown", "README.rst", "README.txt", "README", "content/index.md")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+|~+|\^+)\s*$")


def readme_title(files: Mapping[str, bytes]) -> tuple[str, str] | None:
    """(title, where it came from) from the first heading of the folder's README, else of another
    Markdown file at its top (`task.md`), or None."""
    by_lower_name = {path.lower(): path for path in files}
    readmes = [by_lower_name[name.lower()] for name in README_NAMES if name.lower() in by_lower_name]
    other_markdown = sorted(path for path in files if "/" not in path and path.lower().endswith(".md"))
    for path in dict.fromkeys(readmes + other_markdown):
        try:
            text = files[path].decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        title = first_heading(text)
        if title:
            return title, f"the first heading of {path}"
    return None


def first_heading(text: str) -> str | None:
    """`# Title` (Markdown), or a line underlined with `===`/`---` (Markdown setext, reStructuredText)."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = _ATX_HEADING.match(line)
        if match:
            return match["title"]
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line.strip() and _UNDERLINE.match(following) and not _UNDERLINE.match(line):
            return line.strip()
    return None
