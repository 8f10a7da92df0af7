"""Student files of traditional content: folders in the assignments repository that did not
come from the example library (they have no `.example-library` tracking file).

Rule: such a folder is left out of the student template entirely, because nothing says which
of its files are solutions. A lecturer opts files in with a `.studentfiles` file in the folder:
one glob pattern per line, relative to the folder (`*` within a name, `**` across folders,
`?` one character, a trailing `/` for everything under a folder); blank lines and lines
starting with `#` are ignored. Matching files have their marker regions stripped like library
files. `.studentfiles` itself is never shipped, and a pattern that could reach outside the
folder (`..`, absolute paths) is refused. A subfolder holding an `.example-library` file is a
library deployment with its own rules and is never shipped from here.
"""

import posixpath
import re
from collections.abc import Mapping

from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.templates.formats import student_version
from exlib_assets.core.templates.student_view import StudentView, StudentViewError

STUDENT_FILES = ".studentfiles"
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")


def traditional_student_files(folder_files: Mapping[str, bytes], *, folder: str) -> StudentView:
    """The student view of a traditional content folder (`folder` names it in messages)."""
    listing = folder_files.get(STUDENT_FILES)
    if listing is None:
        return StudentView(
            files={},
            excluded=dict(folder_files),
            notes=[
                f"{folder}: not from the example library and has no {STUDENT_FILES}, so none of its files "
                f"are in the student template; add a {STUDENT_FILES} listing the files students get"
            ],
        )
    patterns = _read_patterns(listing, f"{folder}/{STUDENT_FILES}")
    library_folders = [posixpath.dirname(path) for path in folder_files if posixpath.basename(path) == TRACKING_FILE]
    files: dict[str, bytes] = {}
    excluded: dict[str, bytes] = {}
    used: set[str] = set()
    for path, data in sorted(folder_files.items()):
        matching = [text for text, pattern in patterns if pattern.fullmatch(path)]
        never = posixpath.basename(path) == STUDENT_FILES or any(_is_under(path, lib) for lib in library_folders)
        if matching and not never:
            files[path] = student_version(f"{folder}/{path}", data)
            used.update(matching)
        else:
            excluded[path] = data
    notes = [f"{folder}/{STUDENT_FILES}: pattern {text!r} matches no file" for text, _ in patterns if text not in used]
    return StudentView(files=files, excluded=excluded, notes=notes)


def _read_patterns(listing: bytes, shown: str) -> list[tuple[str, re.Pattern[str]]]:
    try:
        text = listing.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StudentViewError(f"{shown} is not UTF-8 text; save it as UTF-8.") from None
    patterns = []
    for number, line in enumerate(text.splitlines(), start=1):
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        problem = _escape_problem(pattern)
        if problem is not None:
            raise StudentViewError(
                f"{shown}, line {number}: pattern {pattern!r} {problem}; write patterns relative to the "
                "content folder, e.g. `src/*.py` or `data/`."
            )
        patterns.append((pattern, _compile(pattern)))
    return patterns


def _escape_problem(pattern: str) -> str | None:
    if pattern.startswith("/") or _WINDOWS_DRIVE.match(pattern):
        return "is absolute"
    if "\\" in pattern:
        return "uses backslashes (separate folders with '/')"
    if ".." in pattern.split("/"):
        return "leaves the folder ('..')"
    return None


def _compile(pattern: str) -> re.Pattern[str]:
    """A glob pattern as a regular expression over relative paths."""
    pattern = pattern.removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    parts = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:[^/]+/)*")  # zero or more folders
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts))


def _is_under(path: str, folder: str) -> bool:
    return folder == "" or path.startswith(f"{folder}/")
