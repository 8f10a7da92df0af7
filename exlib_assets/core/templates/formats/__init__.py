"""Marker processing by file format, chosen by the file's suffix.

Notebooks (`.ipynb`) are handled cell by cell through nbformat; Markdown, HTML, R Markdown,
Quarto and LaTeX by their own marker syntax (`prose`); every other file by the comment-line
markers of source code (`markers.strip_markers`). The template code calls only this module:
`student_version` for a shipped file, `submission_starter` for a file students hand in, and
`FormatLeakCheck` in the leak guard.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from exlib_assets.core.templates.formats.notebook import (
    NOTEBOOK_SUFFIX,
    NotebookError,
    empty_notebook,
    student_notebook,
)
from exlib_assets.core.templates.formats.notebook_leaks import NotebookSecrets, notebook_leaks
from exlib_assets.core.templates.formats.prose import PROSE_SUFFIXES, strip_prose
from exlib_assets.core.templates.markers import may_mention_markers, strip_markers

__all__ = ["FormatLeakCheck", "NotebookError", "Starter", "student_version", "submission_starter"]


@dataclass(frozen=True)
class Starter:
    data: bytes
    derived: bool  # True: the reference stripped of its marked parts; False: an empty starter


def student_version(shown: str, data: bytes) -> bytes:
    """What students get of a file shipped to them; `shown` is its path, naming it in errors."""
    return _stripped(shown, data)[0]


def submission_starter(shown: str, reference: bytes | None) -> Starter:
    """The starter of a file students hand in and that has no template: the reference (its
    solution) with the marked parts stripped when the author marked some, else an empty file
    (for a notebook, a notebook without cells)."""
    if reference is not None:
        data, marked = _stripped(shown, reference)
        if marked:
            return Starter(data, derived=True)
    if _suffix(shown) == NOTEBOOK_SUFFIX:
        return Starter(empty_notebook(shown, reference), derived=False)
    return Starter(b"", derived=False)


class FormatLeakCheck:
    """Leaks only a format's own structure shows (outputs and flagged cells of notebooks)."""

    def __init__(self, excluded: Mapping[str, bytes]) -> None:
        self._excluded = excluded
        self._secrets: NotebookSecrets | None = None

    def applies_to(self, path: str) -> bool:
        """Whether the file at `path` has a format this check looks into (else reasons() is [])."""
        return _suffix(path) == NOTEBOOK_SUFFIX

    def reasons(self, path: str, data: bytes) -> list[str]:
        if not self.applies_to(path):
            return []
        # Gathered at the first notebook, so a course without notebooks pays nothing for them.
        if self._secrets is None:
            self._secrets = NotebookSecrets(self._excluded)
        return notebook_leaks(path, data, self._secrets)


def _stripped(shown: str, data: bytes) -> tuple[bytes, bool]:
    """The student's version and whether anything marked was stripped."""
    suffix = _suffix(shown)
    if suffix == NOTEBOOK_SUFFIX:
        notebook = student_notebook(shown, data)
        return notebook.data, notebook.marked > 0
    if suffix in PROSE_SUFFIXES:
        text = _utf8(data)
        # Other encodings go the way of source files, whose marker handling covers them.
        if text is not None:
            if not may_mention_markers(text):
                return data, False  # no marker can be there: nothing to strip, nothing unbalanced
            bom = "\ufeff" if text.startswith("\ufeff") else ""
            stripped = strip_prose(shown, suffix, text[len(bom) :])
            if stripped.regions == 0:
                return data, False
            return (bom + "\n".join(stripped.lines)).encode("utf-8"), True
    result = strip_markers(shown, data)
    return result, result != data


def _suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    return name[name.rfind(".") :] if "." in name else ""


def _utf8(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
