"""The title an assignment folder gives itself: the first heading of its task text, else of its README.

The task text (`content/index.md`, `content/index_<lang>.md`) is written for this one task, so it
is read first. A README comes next, unless its heading is boilerplate: legacy courses often copy
one README into every folder, and its heading (`# Exercise`) names no task. Other Markdown files
at the folder's top (`task.md`) come last.
"""

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from exlib_assets.core.manifest import file_sha256

README_NAMES = ("README.md", "README.markdown", "README.rst", "README.txt", "README")
# The task text in the language taught most often first, then the others in name order.
_PREFERRED_TASK_TEXTS = ("content/index.md", "content/index_en.md")
_TASK_TEXT = re.compile(r"content/index(?:_[A-Za-z0-9_-]+)?\.md")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+|~+|\^+)\s*$")


@dataclass(frozen=True)
class Boilerplate:
    """What the READMEs of several folders share, so it says nothing about any one task:
    headings (no title) and whole READMEs (no task text), by sha256."""

    headings: frozenset[str] = frozenset()
    readmes: frozenset[str] = frozenset()

    @classmethod
    def among(cls, folders: Iterable[Mapping[str, bytes]]) -> "Boilerplate":
        """What the READMEs of more than one of `folders` (each its files by path) share."""
        headings: Counter[str] = Counter()
        readmes: Counter[str] = Counter()
        for files in folders:
            heading = readme_heading(files)
            if heading:
                headings[heading] += 1
            readmes.update({file_sha256(files[path]) for path in readme_paths(files)})
        return cls(
            frozenset(heading for heading, count in headings.items() if count > 1),
            frozenset(digest for digest, count in readmes.items() if count > 1),
        )

    def is_shared_readme(self, data: bytes) -> bool:
        return file_sha256(data) in self.readmes


NO_BOILERPLATE = Boilerplate()


def task_texts(files: Iterable[str]) -> list[str]:
    """The folder's task text files (`content/index*.md`), the preferred first."""
    found = sorted(path for path in files if _TASK_TEXT.fullmatch(path))
    return sorted(found, key=lambda path: (path not in _PREFERRED_TASK_TEXTS, _preference(path)))


def readme_paths(files: Iterable[str]) -> list[str]:
    """The folder's README files at its top, in the order of README_NAMES (any case)."""
    by_lower_name = {path.lower(): path for path in files}
    return [by_lower_name[name.lower()] for name in README_NAMES if name.lower() in by_lower_name]


def readme_heading(files: Mapping[str, bytes]) -> str | None:
    """The first heading of the folder's first README that has one."""
    for path in readme_paths(files):
        heading = _heading_of(files[path])
        if heading:
            return heading
    return None


def readme_title(files: Mapping[str, bytes], *, boilerplate: Collection[str] = ()) -> tuple[str, str] | None:
    """(title, where it came from): the first heading of the task text, else of a README whose
    heading is not in `boilerplate`, else of another Markdown file at the folder's top; or None."""
    other_markdown = sorted(path for path in files if "/" not in path and path.lower().endswith(".md"))
    for path in dict.fromkeys(task_texts(files) + readme_paths(files) + other_markdown):
        title = _heading_of(files[path])
        if not title:
            continue
        if path in readme_paths(files) and title in boilerplate:
            continue
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


def _heading_of(data: bytes) -> str | None:
    try:
        return first_heading(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None


def _preference(path: str) -> int:
    return _PREFERRED_TASK_TEXTS.index(path) if path in _PREFERRED_TASK_TEXTS else 0
